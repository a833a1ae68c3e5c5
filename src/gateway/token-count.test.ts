import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import { countPromptTokens, countTextTokens } from './token-count.js';

test('tokens are counted for text and for the whole prompt', () => {
  assert.equal(countTextTokens(''), 0);
  const one = countTextTokens('Hello world, this is a test.');
  assert.ok(one >= 5 && one <= 10, String(one));
  const req = normalizeRequest({ messages: [{ role: 'system', content: 'Hello world, this is a test.' }, { role: 'user', content: 'Hello world, this is a test.' }] });
  assert.equal(countPromptTokens(req), 2 * one);
});
