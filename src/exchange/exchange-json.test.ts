import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from './exchange.js';
import { exchangeJson, LARGE_EXCHANGE_CHARS, smallExchangeJson, textExceeds } from './exchange-json.js';

const ex = (): Exchange => ({
  id: 'ex_1',
  ts: '2026-12-04T10:00:00.000Z',
  account: 'acct_1',
  ip: '127.0.0.1',
  model: 'm',
  endpoint: 'chat.completions',
  request: { model: 'm', messages: [{ role: 'user', content: 'hi "there"\n' }] },
  response: { status: 200, text: 'hello', finish_reason: undefined },
});

test('the line is the JSON of the exchange, and parses back to what a log reader sees', () => {
  const e = ex();
  assert.equal(exchangeJson(e), JSON.stringify(e));
  assert.deepEqual(JSON.parse(exchangeJson(e)), JSON.parse(JSON.stringify(e)));
});

test('an exchange is serialised once: later calls return the first line, distinct objects get their own', () => {
  const e = ex();
  const first = exchangeJson(e);
  e.account = 'changed';
  assert.equal(exchangeJson(e), first, 'cached: the contract is that a serialised exchange is not changed');
  const other = { ...e };
  assert.match(exchangeJson(other), /"account":"changed"/);
});

test('nesting too deep to serialise throws, and nothing is cached for it', () => {
  const e = ex();
  e.request = JSON.parse(`{"x":${'['.repeat(20000)}${']'.repeat(20000)}}`) as Record<string, unknown>;
  assert.throws(() => exchangeJson(e), RangeError);
  assert.throws(() => exchangeJson(e), RangeError);
});

test('a small exchange is handed over as its line, a large one as an object until something has serialised it', () => {
  const small = ex();
  assert.equal(smallExchangeJson(small), JSON.stringify(small));
  const large = ex();
  large.request = { messages: [{ role: 'user', content: 'x'.repeat(LARGE_EXCHANGE_CHARS) }] };
  assert.equal(smallExchangeJson(large), null);
  const line = exchangeJson(large);
  assert.equal(smallExchangeJson(large), line, 'once made, the line is used whatever the size');
});

test('textExceeds adds the strings of nested objects and arrays, and stops at the budget', () => {
  assert.equal(textExceeds({ a: 'abc', b: ['de', { c: 'f' }] }, 6), false);
  assert.equal(textExceeds({ a: 'abc', b: ['de', { c: 'fg' }] }, 6), true);
  assert.equal(textExceeds({ n: 12345678, t: true, z: null }, 0), false);
  // A deep object is walked without recursion.
  const deep = JSON.parse(`${'['.repeat(20000)}"xy"${']'.repeat(20000)}`) as unknown;
  assert.equal(textExceeds(deep, 1), true);
});
