import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeSchema } from '../exchange/exchange.js';
import { parseExchangeLine } from '../exchange/log-line.js';
import { dropNullOptionals } from '../exchange/null-absent.js';
import { fastExchange, parseLogLine, timeOf } from './fast-parse.js';

const good = {
  id: 'e1',
  ts: '2026-02-01T10:00:00.123Z',
  account: 'a',
  ip: '198.51.100.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [] },
  response: { status: 200, input_tokens: 5, output_tokens: 9, finish_reason: null, latency_ms: 12.5 },
  extra: 'kept',
};

const variants: Record<string, unknown>[] = [
  good,
  { ...good, ts: '2026-02-30T10:00:00Z' },
  { ...good, ts: '2026-02-01T10:00Z' },
  { ...good, ts: '2026-02-01T10:00:00+01:00' },
  { ...good, ts: '2026-02-01 10:00:00Z' },
  { ...good, ip: '256.1.1.1' },
  { ...good, ip: '2001:db8::1' },
  { ...good, id: '' },
  { ...good, account: 5 },
  { ...good, request: [] },
  { ...good, response: { status: 200.5 } },
  { ...good, response: { status: 200, output_tokens: -1 } },
  { ...good, response: { status: 200, latency_ms: -3 } },
  { ...good, user_agent: null },
  { ...good, model: undefined },
];

/** The schema's verdict on a log line's value, where null in an optional field means absent. */
const schemaAccepts = (v: unknown): boolean => exchangeSchema.safeParse(dropNullOptionals(structuredClone(v), exchangeSchema)).success;

test('the fast check never accepts what the schema rejects', () => {
  for (const v of variants) {
    const schemaOk = schemaAccepts(v);
    if (fastExchange(structuredClone(v)) !== null) assert.ok(schemaOk, JSON.stringify(v));
  }
  assert.notEqual(fastExchange(good), null);
});

test('parseLogLine agrees with the schema on every variant and reports errors', () => {
  for (const v of variants) {
    const r = parseLogLine(JSON.stringify(v), 3);
    assert.equal(r.ok, schemaAccepts(v), JSON.stringify(v));
  }
  const bad = parseLogLine('{nope', 9);
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.line, 9);
});

test('timeOf is Date.parse', () => {
  const cases = [
    '2026-02-02T00:00:08.854Z',
    '2024-02-29T23:59:59.999Z',
    '2023-02-29T10:00:00.000Z',
    '2026-12-31T12:30:45.123Z',
    '2026-01-28T24:00:00.000Z',
    '2026-01-01T00:60:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '0050-06-01T00:00:00.000Z',
    '2026-02-02T00:00:08Z',
    '2026-02-02T00:00:08.854+02:00',
    '2026-02-02 00:00:08.854Z',
    '2026-0a-02T00:00:08.854Z',
    'not a time at all, 24 ch',
  ];
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000 * 0.73) cases.push(new Date(t).toISOString());
  for (const ts of cases) assert.equal(timeOf(ts), Date.parse(ts), ts);
});

test('nulls in optional fields read the same on the fast path as through the schema', () => {
  const nullish = [
    { ...good, org: null, key: null, user_agent: null, client_fp: null, access_path: null },
    { ...good, response: { status: 200, text: null, reasoning: null, input_tokens: null, output_tokens: null, latency_ms: null, error: null } },
    { ...good, response: { status: 200, tool_calls: null, reasoning_tokens: null, finish_reason: null } },
  ];
  for (const v of nullish) {
    const text = JSON.stringify(v);
    const fast = parseLogLine(text, 1);
    const slow = parseExchangeLine(text, 1);
    assert.ok(fast.ok && slow.ok, text);
    assert.deepEqual(fast, slow, text);
    assert.notEqual(fastExchange(JSON.parse(text)), null, `fast path taken for ${text}`);
    if (fast.ok) for (const value of [...Object.values(fast.exchange), ...Object.values(fast.exchange.response)]) assert.notEqual(value, null);
  }
});
