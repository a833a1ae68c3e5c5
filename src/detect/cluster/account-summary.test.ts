import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeHours, isHarvest, newAccountSummary, promptHash, recordExchange, TEMPLATES_PER_ACCOUNT, topTemplateShare } from './account-summary.js';
import { syntheticSignals } from './synthetic.js';

test('an account summary counts harvest, templates, hours and repeated items with bounded maps', () => {
  const s = newAccountSummary(0, 'a', 0);
  for (let i = 0; i < 100; i++) {
    const harvest = recordExchange(s, i * 3_600_000, 'm', syntheticSignals({ cot: i % 2 ? 0.9 : 0 }), `t${i % 40}`, null, i % 10);
    assert.equal(harvest, i % 2 === 1);
  }
  assert.equal(s.exchanges, 100);
  assert.equal(s.harvest, 50);
  assert.equal(s.templates.size, TEMPLATES_PER_ACCOUNT);
  assert.ok(s.otherTemplates > 0);
  assert.equal(s.repeats, 90);
  assert.equal(activeHours(s), 24);
  assert.ok(topTemplateShare(s) > 0 && topTemplateShare(s) < 0.1);
});

test('harvest-type means reasoning, grading, rewrites or dictated thinking', () => {
  assert.equal(isHarvest(syntheticSignals({})), false);
  assert.equal(isHarvest(syntheticSignals({ grading: 0.7 })), true);
  assert.equal(isHarvest(syntheticSignals({ rewrite: 0.6 })), true);
});

test('the prompt hash reads the last user turn in both API shapes', () => {
  const a = promptHash({ messages: [{ role: 'user', content: 'hello' }] });
  const b = promptHash({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
  assert.equal(a, b);
  assert.notEqual(a, promptHash({ messages: [{ role: 'user', content: 'hello!' }] }));
});
