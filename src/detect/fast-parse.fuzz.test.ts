import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseExchangeLine } from '../exchange/log-line.js';
import { parseLogLine, timeOf } from './fast-parse.js';
import { expectedExchange, rfc3339, validExchange, EXCHANGE_FIELDS } from '../../test/fuzz/arbitraries.js';
import { anyCodeUnits, assertSameJson, damagedJsonText, fuzzParameters, hostileJson, withinBudget, withOneFieldBroken } from '../../test/fuzz/fuzz.js';

const lineOf = fc.oneof(
  validExchange.map((e) => JSON.stringify(e)),
  damagedJsonText(validExchange.map((e) => JSON.stringify(e))),
  withOneFieldBroken(validExchange, EXCHANGE_FIELDS).map((e) => JSON.stringify(e)),
  hostileJson(EXCHANGE_FIELDS).map((v) => JSON.stringify(v) ?? 'undefined'),
);

test('fuzz: the scan fast path gives exactly what the validating parser gives, for any line', () => {
  fc.assert(
    fc.property(lineOf, (text) => {
      const fast = withinBudget(() => parseLogLine(text, 5));
      const slow = parseExchangeLine(text, 5);
      assertSameJson(fast, slow);
    }),
    fuzzParameters(),
  );
});

test('fuzz: a valid exchange read on the fast path is the exchange that was written', () => {
  fc.assert(
    fc.property(validExchange, (exchange) => {
      const text = JSON.stringify(exchange);
      const result = parseLogLine(text, 1);
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.deepEqual(result.exchange, expectedExchange(text));
    }),
    fuzzParameters(),
  );
});

test('fuzz: the fast timestamp reader agrees with Date.parse on every timestamp and on junk', () => {
  const nearTimestamp = fc
    .tuple(rfc3339, fc.nat(), fc.constantFrom('0', '9', 'Z', ':', '-', '.', 'T', ' '))
    .map(([ts, at, c]) => ts.slice(0, at % ts.length) + c + ts.slice((at % ts.length) + 1));
  fc.assert(
    fc.property(fc.oneof(rfc3339, nearTimestamp, anyCodeUnits(30)), (ts) => {
      assert.ok(Object.is(timeOf(ts), Date.parse(ts)), `timeOf(${JSON.stringify(ts)})`);
    }),
    fuzzParameters(),
  );
});

test('an own __proto__ key takes the validating path, so both paths drop it alike', () => {
  const base = JSON.stringify({ id: 'x', ts: '2026-02-20T10:11:12Z', account: 'a', ip: '192.0.2.1', model: 'm', endpoint: 'e', request: { a: 1 }, response: { status: 200 } });
  for (const text of [`{"__proto__":{"x":1},${base.slice(1)}`, base.replace('"a":1', '"a":1,"__proto__":{}'), base.replace('"status":200', '"status":200,"__proto__":{}')]) {
    const fast = parseLogLine(text, 1);
    assert.ok(fast.ok);
    assert.deepEqual(fast, parseExchangeLine(text, 1));
    assert.equal(Object.hasOwn(fast.exchange, '__proto__') || Object.hasOwn(fast.exchange.request, '__proto__') || Object.hasOwn(fast.exchange.response, '__proto__'), false);
  }
});
