import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import { normalizeRequest } from '../../exchange/normalize.js';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import { loadDefaultPolicy, parsePolicy } from '../../decide/policy.js';
import { openDatabase } from '../../store/database.js';
import { DecisionStore } from '../../store/decisions.js';
import type { GuardContext, GuardResult } from '../hooks.js';
import { AutomaticDecisions } from './automatic-decisions.js';
import { Enforcer, type EnforcementEvent } from './enforcer.js';
import { OnlineDetector } from './online-detector.js';

function setup(policy = loadDefaultPolicy()) {
  const db = openDatabase(':memory:');
  const store = new DecisionStore(db);
  const cache = new ActiveDecisionCache(store);
  const accounts = new Map<string, Account>();
  const detector = new OnlineDetector({ accounts, clusters: false });
  const events: EnforcementEvent[] = [];
  const enforcer = new Enforcer({
    policy,
    detector,
    cache,
    automatic: new AutomaticDecisions(store, cache),
    accounts,
    watermarkSecret: 'a-test-secret-of-16+',
    countryOf: (ip) => (ip.startsWith('198.51.100.') ? 'KP' : 'FR'),
    onEvent: (e) => events.push(e),
  });
  return { store, cache, enforcer, events, accounts };
}

function ctx(account: Account, body: Record<string, unknown> = { model: 'm-1', max_tokens: 8000, messages: [{ role: 'user', content: 'hi' }] }, ip = '192.0.2.1'): GuardContext {
  return {
    account,
    keyId: 'k',
    ip,
    userAgent: 'test',
    model: 'm-1',
    endpoint: 'chat.completions',
    arrivedAt: Date.now(),
    body,
    get normalized() {
      return normalizeRequest(body, 'chat.completions');
    },
  };
}

/** The guard's answer with in-process buckets, which is never deferred. */
function answered(r: GuardResult | Promise<GuardResult>): GuardResult {
  assert.ok(!(r instanceof Promise), 'in-process limits answer at once');
  return r;
}

test('nothing in force: allowed untouched, no event', () => {
  const { enforcer, events } = setup();
  assert.deepEqual(answered(enforcer.guard(ctx({ id: 'a' }))), { action: 'allow' });
  assert.equal(events.length, 0);
});

test('degrade caps max_tokens and installs the reasoning transform; watermark adds to it', () => {
  const { enforcer, store, cache } = setup();
  store.add({ target: { kind: 'account', id: 'a' }, action: 'degrade', params: { maxTokens: 512, reasoning: 'withhold' }, reason: 't', actor: 'test' });
  store.add({ target: { kind: 'account', id: 'a' }, action: 'watermark', reason: 't', actor: 'test' });
  cache.refreshFromStore();
  const r = answered(enforcer.guard(ctx({ id: 'a' })));
  assert.equal(r.action, 'allow');
  assert.ok(r.action === 'allow' && r.request?.max_tokens === 512 && r.transform?.json && r.transform.stream);
  const body = r.transform!.json!({ choices: [{ index: 0, message: { role: 'assistant', content: 'We use a large table.', reasoning_content: 'secret' } }] });
  const msg = (body.choices as { message: Record<string, unknown> }[])[0]!.message;
  assert.equal(msg.reasoning_content, undefined);
  assert.equal(typeof msg.content, 'string');
});

test('cluster-wide throttle: token bucket refuses past the burst with 429 and Retry-After', () => {
  const { enforcer, store, cache } = setup();
  store.add({ target: { kind: 'account', id: 't' }, action: 'throttle', params: { requestsPerMinute: 6, burst: 2 }, reason: 't', actor: 'test' });
  cache.refreshFromStore();
  const results = [1, 2, 3].map(() => answered(enforcer.guard(ctx({ id: 't' }))));
  assert.deepEqual(results.map((r) => r.action), ['allow', 'allow', 'deny']);
  const denied = results[2]!;
  assert.ok(denied.action === 'deny' && denied.status === 429 && Number(denied.headers?.['retry-after']) >= 1);
});

test('region rules block by client IP country; allowlisted accounts are never acted on by policy', () => {
  const policy = parsePolicy({
    version: 1,
    allowlist: { accounts: ['vip'], honour_account_flag: true, verification: ['eval'] },
    regions: [{ name: 'embargo', request_countries: ['KP'], action: 'block', reason: 'not offered here' }],
    rules: [],
  });
  const { enforcer } = setup(policy);
  const r = answered(enforcer.guard(ctx({ id: 'x' }, undefined, '198.51.100.7')));
  assert.ok(r.action === 'deny' && r.status === 403 && r.reason === 'region');
  assert.equal((r.body as { error: { code: string } }).error.code, 'region_restricted');
  assert.deepEqual(answered(enforcer.guard(ctx({ id: 'x' }))), { action: 'allow' });
  assert.deepEqual(answered(enforcer.guard(ctx({ id: 'vip' }, undefined, '198.51.100.7'))), { action: 'allow' });
  assert.deepEqual(answered(enforcer.guard(ctx({ id: 'y', allowlisted: true }, undefined, '198.51.100.7'))), { action: 'allow' });
});

test('the registry account, updated after the key cache read it, is what the policy judges', () => {
  const policy = parsePolicy({
    version: 1,
    regions: [{ name: 'foreign-control', ownership_countries: ['XX'], action: 'block', reason: 'controlled from XX' }],
    rules: [],
  });
  const { enforcer, accounts } = setup(policy);
  assert.deepEqual(answered(enforcer.guard(ctx({ id: 'sub', country: 'SG' }))), { action: 'allow' });
  assert.deepEqual(accounts.get('sub'), { id: 'sub', country: 'SG' }, 'a first request introduces the account');
  accounts.set('sub', { id: 'sub', country: 'SG', owner_country: 'XX' });
  const r = answered(enforcer.guard(ctx({ id: 'sub', country: 'SG' })));
  assert.ok(r.action === 'deny' && r.reason === 'region', 'the stale cached copy does not hide the new owner');
  assert.equal(accounts.get('sub')?.owner_country, 'XX');
});

test('degrade caps a request whose max_tokens is null (absent) as it caps one without it', () => {
  const { enforcer, store, cache } = setup();
  store.add({ target: { kind: 'account', id: 'n' }, action: 'degrade', params: { maxTokens: 256, reasoning: 'withhold' }, reason: 't', actor: 'test' });
  cache.refreshFromStore();
  const r = answered(enforcer.guard(ctx({ id: 'n' }, { model: 'm-1', max_tokens: null, max_completion_tokens: null, messages: [{ role: 'user', content: 'hi' }] })));
  assert.ok(r.action === 'allow');
  assert.equal(r.request?.max_tokens, 256);
});
