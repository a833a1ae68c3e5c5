import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import type { GuardContext } from './hooks.js';
import { RelayedGuardContext } from './relayed-guard-context.js';

test('the guard sees the request as given, and its normalised form made once, on first access', () => {
  const body = { model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is the sky blue?' }] };
  const ctx: GuardContext = new RelayedGuardContext({ id: 'acct_1' }, 'key_1', '10.0.0.1', 'sdk/1', 'm', 'chat.completions', 1767225600000, body);
  assert.deepEqual(
    [ctx.account.id, ctx.keyId, ctx.ip, ctx.userAgent, ctx.model, ctx.endpoint, ctx.arrivedAt, ctx.body],
    ['acct_1', 'key_1', '10.0.0.1', 'sdk/1', 'm', 'chat.completions', 1767225600000, body],
  );
  const normalized = ctx.normalized;
  assert.deepEqual(normalized, normalizeRequest(body, 'chat.completions'));
  assert.equal(ctx.normalized, normalized);
});
