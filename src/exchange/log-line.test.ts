import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExchangeLine } from './log-line.js';

const good = {
  id: 'x1',
  ts: '2026-02-20T10:11:12Z',
  account: 'acct_1',
  ip: '203.0.113.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [{ role: 'user', content: 'hi' }] },
  response: { status: 200, text: 'hello', output_tokens: 1 },
  extra_field: 'kept',
};

test('a valid line parses and keeps unknown fields', () => {
  const r = parseExchangeLine(JSON.stringify(good), 1);
  assert.ok(r.ok);
  if (r.ok) assert.equal((r.exchange as Record<string, unknown>).extra_field, 'kept');
});

test('bad JSON and missing fields are reported with the line number and the field', () => {
  const bad = parseExchangeLine('{nope', 7);
  assert.deepEqual(bad.ok ? null : bad.line, 7);
  const missing = parseExchangeLine(JSON.stringify({ ...good, ip: undefined }), 9);
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.error, /^ip:/);
  const badTs = parseExchangeLine(JSON.stringify({ ...good, ts: 'yesterday' }), 10);
  assert.equal(badTs.ok, false);
});
