import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import { countTokens } from 'gpt-tokenizer';
import { countPromptText, countPromptTokens, countTextTokens, TokenBudget } from './token-count.js';

test('tokens are counted for text and for the whole prompt', () => {
  assert.equal(countTextTokens(''), 0);
  const one = countTextTokens('Hello world, this is a test.');
  assert.ok(one >= 5 && one <= 10, String(one));
  const req = normalizeRequest({ messages: [{ role: 'system', content: 'Hello world, this is a test.' }, { role: 'user', content: 'Hello world, this is a test.' }] });
  assert.equal(countPromptTokens(req), 2 * one);
});

test('long runs without spaces are counted in bounded time, close to the exact count', () => {
  // Exact counts of these took 47 s (200 KB of "a") and 79 s (50,000 CJK characters) before runs were cut.
  for (const text of ['a'.repeat(200_000), '中文字符没有标点'.repeat(6_250), 'x'.repeat(4_000_000)]) {
    const t0 = performance.now();
    const n = countTextTokens(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `${text.length} chars took ${ms.toFixed(0)} ms`);
    assert.ok(n > text.length / 20 && n <= text.length, `${n} tokens for ${text.length} chars`);
  }
  // Below the run limit and the budget the count is exact.
  const normal = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
  assert.equal(countTextTokens(normal), countTokens(normal));
  const run = 'b'.repeat(1000);
  const exact = countTokens(run);
  assert.ok(Math.abs(countTextTokens(run) - exact) <= 12, `${countTextTokens(run)} vs ${exact}`);
});

test('beyond the budget, texts are extrapolated at the rate counted so far', () => {
  const budget = new TokenBudget(1000);
  const sentence = 'Hello world, this is a test. ';
  const first = budget.count(sentence.repeat(30)); // 870 chars, exact
  const second = budget.count(sentence.repeat(30)); // 130 exact, the rest estimated
  assert.equal(first, countTokens(sentence.repeat(30)));
  assert.ok(Math.abs(second - first) <= 3, `${second} vs ${first}`);
});

test('repeated prompt texts count the same as the first time, past the memo bound too', () => {
  const system = 'You are a helpful assistant that answers briefly and precisely. '.repeat(20);
  const expected = countTextTokens(system);
  assert.equal(countPromptText(system), expected);
  for (let i = 0; i < 2500; i++) assert.equal(countPromptText(`turn ${i}: why is the sky blue?`), countTokens(`turn ${i}: why is the sky blue?`));
  assert.equal(countPromptText(system), expected);
  assert.equal(countPromptText(system), expected);
  const long = 'word '.repeat(2000);
  assert.equal(countPromptText(long), countTextTokens(long));
});

test('a repeated system prompt is tokenized once: counting it again costs a lookup', () => {
  const system = 'Answer as a senior engineer would, citing the standard and the section you rely on. '.repeat(40);
  countPromptText(system);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) countPromptText(system);
  const remembered = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) countTextTokens(system);
  const counted = (performance.now() - t1) * 10;
  assert.ok(remembered < counted / 5, `200 remembered ${remembered.toFixed(2)} ms, 200 counted ${counted.toFixed(2)} ms`);
});
