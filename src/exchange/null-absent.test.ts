import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSchema } from './account.js';
import { exchangeSchema } from './exchange.js';
import { parseExchangeLine } from './log-line.js';
import { dropNullOptionals } from './null-absent.js';

const base = {
  id: 'x1',
  ts: '2026-02-20T10:11:12Z',
  account: 'acct_1',
  ip: '203.0.113.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [{ role: 'user', content: 'hi' }], temperature: null },
  response: { status: 200, text: 'hello' },
};

const NULL_TOP = ['org', 'key', 'user_agent', 'client_fp', 'access_path'];
const NULL_RESPONSE = ['text', 'reasoning', 'tool_calls', 'input_tokens', 'output_tokens', 'reasoning_tokens', 'finish_reason', 'latency_ms', 'error'];

test('null in every optional field of an exchange line means absent', () => {
  const line = {
    ...base,
    ...Object.fromEntries(NULL_TOP.map((k) => [k, null])),
    response: { status: 200, ...Object.fromEntries(NULL_RESPONSE.map((k) => [k, null])) },
  };
  const r = parseExchangeLine(JSON.stringify(line), 1);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  for (const k of NULL_TOP) assert.equal(k in r.exchange, false, k);
  for (const k of NULL_RESPONSE) assert.equal(k in r.exchange.response, false, `response.${k}`);
  // The request is the client's body, kept as sent.
  assert.equal((r.exchange.request as { temperature: unknown }).temperature, null);
});

test('null in a required field is still an error naming the field', () => {
  for (const k of ['id', 'ts', 'account', 'ip', 'model', 'endpoint', 'request', 'response']) {
    const r = parseExchangeLine(JSON.stringify({ ...base, [k]: null }), 4);
    assert.equal(r.ok, false, k);
    if (!r.ok) assert.match(r.error, new RegExp(`^${k}:`));
  }
  const status = parseExchangeLine(JSON.stringify({ ...base, response: { status: null } }), 5);
  assert.equal(status.ok, false);
});

test('null in every optional field of an account means absent', () => {
  const optional = ['org', 'created', 'country', 'email_domain', 'payment', 'verification', 'tier', 'allowlisted', 'owner_country'];
  const value = { id: 'acct_1', ...Object.fromEntries(optional.map((k) => [k, null])) };
  const parsed = accountSchema.safeParse(dropNullOptionals(value, accountSchema));
  assert.ok(parsed.success);
  assert.deepEqual(parsed.data, { id: 'acct_1' });
  assert.equal(accountSchema.safeParse(dropNullOptionals({ id: null }, accountSchema)).success, false);
});

test('nulls in unknown fields are kept', () => {
  const value = dropNullOptionals({ ...base, custom: null }, exchangeSchema) as Record<string, unknown>;
  assert.equal(value.custom, null);
});
