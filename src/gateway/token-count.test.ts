import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import { countTokens } from 'gpt-tokenizer';
import { countPromptTokens, countTextTokens, TokenBudget } from './token-count.js';

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
