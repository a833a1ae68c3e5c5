import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAnswer, streamPieces } from './answers.js';

test('answers are deterministic, vary with the prompt and mention it', () => {
  const a = demoAnswer('Explain binary search trees', []);
  assert.deepEqual(demoAnswer('Explain binary search trees', []), a);
  assert.match(a.text, /explain binary search trees/);
  assert.ok(a.reasoning.length > 40);
  const distinct = new Set(Array.from({ length: 20 }, (_, i) => demoAnswer(`question ${i}`, []).reasoning + demoAnswer(`question ${i}`, []).text.slice(0, 30)));
  assert.ok(distinct.size > 5);
  assert.equal(a.toolCall, null);
  const withTools = Array.from({ length: 20 }, (_, i) => demoAnswer(`task ${i}`, ['search']).toolCall).filter(Boolean);
  assert.ok(withTools.length > 0 && withTools.length < 20);
});

test('stream pieces reassemble to the text', () => {
  const text = 'one two three four five';
  assert.equal(streamPieces(text).join(''), text);
  assert.equal(streamPieces(text).length, 3);
});
