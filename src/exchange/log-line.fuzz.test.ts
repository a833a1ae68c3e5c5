import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseExchangeLine, type LineResult } from './log-line.js';
import { expectedExchange, validExchange, EXCHANGE_FIELDS } from '../../test/fuzz/arbitraries.js';
import { DEEP_SHARE, damagedJsonText, deepDepth, fuzzParameters, hostileJson, nestedText, withinBudget, withOneFieldBroken } from '../../test/fuzz/fuzz.js';

/** A rejection a person can act on: the line number, and a field path or "not valid JSON" with a reason. */
function assertClearRejection(result: LineResult, line: number): void {
  if (result.ok) return;
  assert.equal(result.line, line);
  assert.match(result.error, /^(not valid JSON \(.+\)|[^:]+: .+)$/s);
}

const lineOf = fc.oneof(
  validExchange.map((e) => JSON.stringify(e)),
  damagedJsonText(validExchange.map((e) => JSON.stringify(e))),
  withOneFieldBroken(validExchange, EXCHANGE_FIELDS).map((e) => JSON.stringify(e)),
  hostileJson(EXCHANGE_FIELDS).map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.string(),
);

test('fuzz: any line gives an exchange or a clear rejection, never an exception or a hang', () => {
  fc.assert(
    fc.property(lineOf, fc.nat(), (text, line) => {
      assertClearRejection(
        withinBudget(() => parseExchangeLine(text, line)),
        line,
      );
    }),
    fuzzParameters(),
  );
});

test('fuzz: a valid exchange written as a line parses back to the same exchange, unknown fields kept', () => {
  fc.assert(
    fc.property(validExchange, (exchange) => {
      const text = JSON.stringify(exchange);
      const result = parseExchangeLine(text, 1);
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.deepEqual(result.exchange, expectedExchange(text));
    }),
    fuzzParameters(),
  );
});

test('fuzz: deep nesting inside a line is carried or rejected without overflowing the stack', () => {
  fc.assert(
    fc.property(validExchange, deepDepth, fc.constantFrom('[', '{"a":') as fc.Arbitrary<'[' | '{"a":'>, (exchange, depth, open) => {
      const text = `{"nested":${nestedText(depth, open)},${JSON.stringify(exchange).slice(1)}`;
      const result = withinBudget(() => parseExchangeLine(text, 3));
      assertClearRejection(result, 3);
    }),
    fuzzParameters(20, DEEP_SHARE),
  );
});

test('a prototype key in a line neither pollutes the exchange nor breaks the parse', () => {
  const base = JSON.stringify({ id: 'x', ts: '2026-02-20T10:11:12Z', account: 'a', ip: '192.0.2.1', model: 'm', endpoint: 'e', request: {}, response: { status: 200 } });
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    const result = parseExchangeLine(`{"${key}":{"account":"forged","polluted":true},${base.slice(1)}`, 1);
    assert.ok(result.ok);
    assert.equal(result.exchange.account, 'a');
    assert.equal((result.exchange as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  }
});
