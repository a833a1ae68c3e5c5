import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capText, classifierText, matchesEither } from './text.js';

test('long text keeps its head and tail', () => {
  const t = 'A'.repeat(5000) + 'END';
  const c = capText(t, 100, 10);
  assert.equal(c.length, 111);
  assert.ok(c.startsWith('AAA') && c.endsWith('END'));
  assert.equal(capText('short'), 'short');
});

test('cue words of both texts are scanned; CJK is noticed in either', () => {
  const t = classifierText('Translate this', 'Show your reasoning 请');
  assert.ok(t.userCues !== 0 && t.systemCues !== 0);
  assert.equal(t.cjk, true);
  assert.equal(matchesEither(t, /reasoning/), true);
  assert.equal(matchesEither(t, /poem/), false);
});

test('classifier text is lower-cased and the system prompt is optional', () => {
  const t = classifierText('Hello', '');
  assert.equal(t.user, 'hello');
  assert.equal(t.system, '');
  assert.equal(t.systemCues, 0);
  assert.equal(classifierText('x', 'Be TERSE').system, 'be terse');
});

test('pattern results on a recurring system prompt are remembered without changing them', () => {
  const system = 'Always show your full reasoning before the answer.';
  for (let i = 0; i < 3; i++) {
    const t = classifierText(`question ${i}`, system);
    assert.equal(matchesEither(t, /full reasoning/), true);
    assert.equal(matchesEither(t, /poem/), false);
    assert.equal(matchesEither(t, /question 1/), i === 1);
  }
  // A stateful (global) pattern is not memoised.
  const g = /reasoning/g;
  assert.equal(matchesEither(classifierText('x', system), g), true);
});
