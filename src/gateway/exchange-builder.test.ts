import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeSchema } from '../exchange/exchange.js';
import { buildExchange } from './exchange-builder.js';

const start = { arrivedAt: Date.parse('2026-02-01T00:00:00Z'), t0: 1000, ip: '127.0.0.1', userAgent: 'ua/1', endpoint: 'chat.completions' };
const request = { model: 'm', messages: [{ role: 'user', content: 'What is two plus two?' }] };

test('a served exchange uses upstream usage when present and is a valid log line', () => {
  const ex = buildExchange(
    start,
    { account: 'a', keyId: 'key_1', org: 'o' },
    'm',
    request,
    { status: 200, summary: { text: 'four', reasoning: 'add', toolCalls: 0, inputTokens: 12, outputTokens: 3, finishReason: 'stop' } },
    1012.5,
  );
  assert.ok(exchangeSchema.safeParse(ex).success);
  assert.equal(ex.ts, '2026-02-01T00:00:00.000Z');
  assert.deepEqual(ex.response, {
    status: 200, text: 'four', reasoning: 'add', tool_calls: 0, input_tokens: 12, output_tokens: 3, finish_reason: 'stop', latency_ms: 12.5,
  });
  assert.equal(ex.key, 'key_1');
  assert.equal(ex.org, 'o');
});

test('without usage, tokens are counted; a denial records its reason', () => {
  const served = buildExchange(start, { account: 'a' }, 'm', request, { status: 200, summary: { text: 'four', reasoning: '', toolCalls: 0, finishReason: 'stop' } }, 1001);
  assert.ok((served.response.input_tokens ?? 0) > 3);
  assert.equal(served.response.output_tokens, 1);
  const denied = buildExchange(start, { account: 'anonymous' }, 'unknown', {}, { status: 401, error: 'invalid API key', denied: 'auth' }, 1001);
  assert.ok(exchangeSchema.safeParse(denied).success);
  assert.deepEqual(denied.response, { status: 401, latency_ms: 1, error: 'invalid API key', denied: 'auth' });
});
