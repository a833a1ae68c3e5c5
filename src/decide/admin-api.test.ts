import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { openDatabase } from '../store/database.js';
import { DecisionStore } from '../store/decisions.js';
import { ActiveDecisionCache } from './active-cache.js';
import { adminApi, tokenMatches } from './admin-api.js';
import type { AlertEvent } from '../alerts/alert-event.js';
import { decisionEvent } from '../alerts/decision-event.js';

const TOKEN = 'admin-secret-token-123';

async function setup(token: string | undefined = TOKEN) {
  const store = new DecisionStore(openDatabase(':memory:'));
  const cache = new ActiveDecisionCache(store);
  const app = Fastify();
  await app.register(adminApi, { store, token, onChange: () => cache.refreshFromStore() });
  return { app, store, cache };
}
const auth = { authorization: `Bearer ${TOKEN}` };

test('refuses without the right token (401), and everything when no token is configured', async () => {
  const { app } = await setup();
  for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }]) {
    const res = await app.inject({ method: 'GET', url: '/admin/decisions', headers });
    assert.equal(res.statusCode, 401);
  }
  const off = await setup('');
  assert.equal((await off.app.inject({ method: 'GET', url: '/admin/decisions', headers: { authorization: 'Bearer ' } })).statusCode, 401);
  assert.equal(tokenMatches('a', 'a'), true);
  assert.equal(tokenMatches('a', 'ab'), false);
  assert.equal(tokenMatches(undefined, 'a'), false);
});

test('add, list and lift decisions; the cache sees them at once; each is audited', async () => {
  const { app, store, cache } = await setup();
  const add = await app.inject({ method: 'POST', url: '/admin/decisions', headers: auth, payload: { cluster: 'c_1', action: 'block', ttl: '2h', reason: 'hydra cluster' } });
  assert.equal(add.statusCode, 201);
  const created = add.json() as { id: string; state: string; target: unknown; expires: string };
  assert.equal(created.state, 'active');
  assert.deepEqual(created.target, { kind: 'cluster', id: 'c_1' });
  assert.equal(cache.lookup('acct_x', 'c_1', Date.now())[0]?.action, 'block');

  const list = await app.inject({ method: 'GET', url: '/admin/decisions', headers: auth });
  assert.equal((list.json() as { decisions: unknown[] }).decisions.length, 1);

  const del = await app.inject({ method: 'DELETE', url: `/admin/decisions/${created.id}?reason=appeal`, headers: auth });
  assert.equal(del.statusCode, 200);
  assert.equal((del.json() as { state: string }).state, 'lifted');
  assert.deepEqual(cache.lookup('acct_x', 'c_1', Date.now()), []);
  assert.equal((await app.inject({ method: 'DELETE', url: `/admin/decisions/${created.id}`, headers: auth })).statusCode, 404);
  const all = await app.inject({ method: 'GET', url: '/admin/decisions?all=1', headers: auth });
  assert.equal((all.json() as { decisions: unknown[] }).decisions.length, 1);
  assert.deepEqual([...store.audit.entries()].map((e) => [e.kind, e.actor]), [['decision.add', 'admin-api'], ['decision.lift', 'admin-api']]);
});

test('bad bodies get a 400 naming the problem', async () => {
  const { app } = await setup();
  const cases: [unknown, RegExp][] = [
    [{ account: 'a', action: 'nuke' }, /action/],
    [{ action: 'block' }, /exactly one of account or cluster/],
    [{ account: 'a', cluster: 'c', action: 'block' }, /exactly one/],
    [{ account: 'a', action: 'block', ttl: 'forever' }, /ttl/],
    [{ account: 'a', action: 'block', extra: 1 }, /extra|Unrecognized/],
  ];
  for (const [payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/admin/decisions', headers: auth, payload: payload as object });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.match((res.json() as { error: { message: string } }).error.message, message);
  }
});

test('evidence: what detection knows about an account or cluster, 404 when unknown, 400 for a bad target', async () => {
  const store = new DecisionStore(openDatabase(':memory:'));
  const app = Fastify();
  const known = { id: 'acct_1', verdict: 'distillation', reasons: [{ signal: 'cot_share', weight: 0.4, detail: '91% ...' }] };
  await app.register(adminApi, { store, token: TOKEN, evidence: (kind, id) => (kind === 'account' && id === 'acct_1' ? known : undefined) });
  const hit = await app.inject({ method: 'GET', url: '/admin/evidence/account%3Aacct_1', headers: auth });
  assert.equal(hit.statusCode, 200);
  assert.deepEqual(hit.json(), known);
  assert.equal((await app.inject({ method: 'GET', url: '/admin/evidence/cluster%3Ac_404', headers: auth })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/admin/evidence/acct_1', headers: auth })).statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/admin/evidence/account%3Aacct_1' })).statusCode, 401);
});

test('a TTL too long to represent as a date is a 400 naming it, not a 500, and nothing is stored', async () => {
  const { app, store } = await setup();
  for (const ttl of ['99999999999999w', '1e400d'.replace('e400', '0'.repeat(400)), '101y'.replace('y', '000d')]) {
    const res = await app.inject({ method: 'POST', url: '/admin/decisions', headers: auth, payload: { account: 'acct_1', action: 'block', ttl } });
    assert.equal(res.statusCode, 400, `${ttl}: ${res.body}`);
    assert.match((res.json() as { error: { message: string } }).error.message, /ttl/);
  }
  assert.equal(store.list().length, 0);
});

test('failed admin logins are limited per client address: 429 with Retry-After past the burst, others unaffected', async () => {
  let clock = 1_000_000;
  const store = new DecisionStore(openDatabase(':memory:'));
  const app = Fastify();
  await app.register(adminApi, { store, token: TOKEN, now: () => clock, loginFailures: { ratePerSecond: 1 / 6, capacity: 3 } });
  const from = (ip: string, authorization: string) => app.inject({ method: 'GET', url: '/admin/decisions', headers: { authorization }, remoteAddress: ip });
  for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.7', `Bearer guess-${i}`)).statusCode, 401);
  const limited = await from('198.51.100.7', 'Bearer guess-4');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['retry-after'], '6');
  assert.equal((limited.json() as { error: { type: string } }).error.type, 'rate_limit_error');
  // The right token does not get through a limited address either: the limit is checked first.
  assert.equal((await from('198.51.100.7', `Bearer ${TOKEN}`)).statusCode, 429);
  // Another address still works, and successes never count against it.
  for (let i = 0; i < 5; i++) assert.equal((await from('203.0.113.9', `Bearer ${TOKEN}`)).statusCode, 200);
  // After one refill interval the limited address gets one more try.
  clock += 6_000;
  assert.equal((await from('198.51.100.7', `Bearer ${TOKEN}`)).statusCode, 200);
  assert.equal((await from('198.51.100.7', 'Bearer wrong')).statusCode, 401);
  assert.equal((await from('198.51.100.7', 'Bearer wrong')).statusCode, 429);
});

test('by default a burst of 10 failed logins from one address is allowed, the 11th gets 429', async () => {
  const { app } = await setup();
  const codes: number[] = [];
  for (let i = 0; i < 11; i++) codes.push((await app.inject({ method: 'GET', url: '/admin/decisions', headers: { authorization: `Bearer x${i}` } })).statusCode);
  assert.deepEqual(codes, [...Array(10).fill(401), 429]);
});

test('decisions added and lifted through the API are announced as alert events', async () => {
  const store = new DecisionStore(openDatabase(':memory:'));
  const app = Fastify();
  const events: AlertEvent[] = [];
  await app.register(adminApi, { store, token: TOKEN, onDecision: (d, change) => events.push(decisionEvent(d, change)) });
  const added = (await app.inject({ method: 'POST', url: '/admin/decisions', headers: auth, payload: { account: 'acct_9', action: 'block', reason: 'hydra member', actor: 'ann' } })).json() as { id: string };
  await app.inject({ method: 'DELETE', url: `/admin/decisions/${added.id}?reason=appeal`, headers: auth });
  assert.deepEqual(events.map((e) => [e.kind, e.summary, e.detail.change, e.detail.actor]), [
    ['decision', 'block on account acct_9: hydra member', 'added', 'admin-api:ann'],
    ['decision', 'lifted block on account acct_9: appeal', 'lifted', 'admin-api:ann'],
  ]);
  assert.notEqual(events[0]!.id, events[1]!.id, 'the lift is its own event');
});
