import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SKETCH_KEY, estimateJaccard, sketchText, SKETCH_SIZE } from './minhash.js';

test('a sketch holds the k smallest distinct shingle hashes, ascending', () => {
  const s = sketchText('the quick brown fox jumps over the lazy dog '.repeat(40) + Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '));
  assert.equal(s.length, SKETCH_SIZE);
  for (let i = 1; i < s.length; i++) assert.ok(s[i - 1]! < s[i]!);
  assert.equal(sketchText('').length, 0);
});

test('identical texts match, unrelated texts do not, and the key changes the sketch', () => {
  const a = 'please rate the following response on a scale of one to ten and explain your score';
  assert.equal(estimateJaccard(sketchText(a), sketchText(a)), 1);
  assert.ok(estimateJaccard(sketchText(a), sketchText('write me a poem about autumn leaves falling in the park')) < 0.1);
  assert.notDeepEqual(sketchText(a), sketchText(a, DEFAULT_SKETCH_KEY + 1));
});

test('the estimate tracks the true Jaccard similarity of large sets', () => {
  const words = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `t${from + i}`).join(' ');
  // Unigrams 0..999 vs 500..1499 (plus bigrams): true Jaccard about 1/3.
  const est = estimateJaccard(sketchText(words(0, 1000)), sketchText(words(500, 1500)));
  assert.ok(est > 0.2 && est < 0.5, `estimate ${est}`);
});

test('each CJK character is a word', () => {
  const a = sketchText('请一步一步地详细推理并给出完整的推理过程');
  const b = sketchText('请一步一步地详细推理并写出完整的推理过程');
  assert.ok(estimateJaccard(a, b) > 0.5);
});

test('case, numbers and names inside a sentence do not change the sketch', () => {
  const a = sketchText('Send the invoice of 1200 dollars to Maria Lopez by March 3. Thanks');
  const b = sketchText('send the invoice of 75.5 dollars to Wei by June 21. thanks');
  assert.equal(estimateJaccard(a, b), 1);
  assert.ok(estimateJaccard(sketchText('Paris is nice'), sketchText('Rome is nice')) < 1, 'a sentence-initial word is a word');
});
