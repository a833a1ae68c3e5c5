import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng.js';
import { personaliseDraft } from './personal-prompts.js';
import type { Emission } from './world.js';

function emission(label: 'benign' | 'distillation', segment: string, turns: Emission['draft']['turns']): Emission {
  return {
    account: { record: { id: 'a' }, label: { account: 'a', label, campaign: label === 'benign' ? null : 'c', segment }, keys: ['k'] },
    ip: '1.2.3.4', userAgent: 'ua', clientFp: 'fp', accessPath: 'direct', model: 'm-1', endpoint: 'chat.completions',
    draft: { turns, kind: 'chat', zh: false },
  } as Emission;
}

test('only fresh questions of benign people are personalised', () => {
  const rng = new Rng('pp');
  const typed = emission('benign', 'chat', [{ role: 'user', text: 'What is entropy?' }]);
  assert.equal(personaliseDraft(typed, rng, 1), true);
  assert.notEqual((typed.draft.turns[0] as { text: string }).text, 'What is entropy?');
  assert.ok((typed.draft.turns[0] as { text: string }).text.includes('What is entropy?'));
  for (const e of [
    emission('benign', 'batch', [{ role: 'user', text: 'Classify: x' }]),
    emission('benign', 'eval', [{ role: 'user', text: 'Answer with the letter.' }]),
    emission('distillation', 'low-and-slow', [{ role: 'user', text: 'Solve it step by step.' }]),
    emission('benign', 'chat', [{ role: 'user', text: 'a' }, { role: 'assistant', text: 'b' }, { role: 'user', text: 'c' }]),
  ]) {
    const before = JSON.stringify(e.draft);
    assert.equal(personaliseDraft(e, rng, 1), false);
    assert.equal(JSON.stringify(e.draft), before);
  }
});

test('share 0 never personalises', () => {
  const e = emission('benign', 'developer', [{ role: 'user', text: 'Fix this bug.' }]);
  assert.equal(personaliseDraft(e, new Rng('pp0'), 0), false);
});
