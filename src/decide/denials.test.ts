import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockResponse, challengeResponse, throttleResponse } from './denials.js';

test('challenge is a 403 with the verification link, in each API shape', () => {
  const o = challengeResponse('openai', 'https://v.example/x');
  assert.equal(o.status, 403);
  const oe = (o.body as { error: Record<string, unknown> }).error;
  assert.equal(oe.type, 'permission_error');
  assert.equal(oe.code, 'verification_required');
  assert.equal(oe.verification_url, 'https://v.example/x');
  assert.match(String(oe.message), /https:\/\/v\.example\/x/);

  const a = challengeResponse('anthropic', 'https://v.example/x');
  assert.equal(a.status, 403);
  assert.equal(a.body.type, 'error');
  const ae = a.body.error as Record<string, unknown>;
  assert.equal(ae.type, 'permission_error');
  assert.match(String(ae.message), /verify/i);
});

test('block is 403, throttle is 429 with Retry-After', () => {
  assert.equal(blockResponse('openai', 'r').status, 403);
  assert.equal(((blockResponse('openai', 'r', true).body as { error: { code: string } }).error.code), 'region_restricted');
  const t = throttleResponse('anthropic', 1200);
  assert.equal(t.status, 429);
  assert.equal(t.headers['retry-after'], '2');
  assert.equal((t.body.error as { type: string }).type, 'rate_limit_error');
});
