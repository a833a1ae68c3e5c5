import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import type { Account } from '../exchange/account.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { accountAdminApi } from './account-admin-api.js';

const TOKEN = 'admin-secret-token-123';
const auth = { authorization: `Bearer ${TOKEN}` };

async function setup() {
  const store = new SqliteStore(':memory:');
  const seen: Account[] = [];
  const app = Fastify();
  await app.register(accountAdminApi, { store, token: TOKEN, onAccount: (a) => seen.push(a) });
  return { app, store, seen };
}

test('accounts are upserted one or many at a time, idempotently, and handed to online detection merged', async () => {
  const { app, store, seen } = await setup();
  const one = await app.inject({ method: 'POST', url: '/admin/accounts', headers: auth, payload: { id: 'a1', payment: 'pm_1', owner_country: 'CN' } });
  assert.equal(one.statusCode, 200);
  assert.deepEqual(one.json(), { created: 1, updated: 0 });
  const many = { accounts: [{ id: 'a1', tier: 'paid' }, { id: 'a2', verification: 'edu' }] };
  assert.deepEqual((await app.inject({ method: 'POST', url: '/admin/accounts', headers: auth, payload: many })).json(), { created: 1, updated: 1 });
  assert.deepEqual((await app.inject({ method: 'POST', url: '/admin/accounts', headers: auth, payload: many })).json(), { created: 0, updated: 2 });
  assert.deepEqual(await store.getAccount('a1'), { id: 'a1', payment: 'pm_1', tier: 'paid', owner_country: 'CN' });
  assert.deepEqual(seen.at(-2), { id: 'a1', payment: 'pm_1', tier: 'paid', owner_country: 'CN' });
  await store.close();
});

test('releases are recorded; bad bodies get 400 naming the field, a wrong token 401, and nothing is stored', async () => {
  const { app, store } = await setup();
  const ok = await app.inject({ method: 'POST', url: '/admin/releases', headers: auth, payload: { model: 'm-2', released: '2026-02-10T00:00:00Z' } });
  assert.deepEqual(ok.json(), { created: 1, updated: 0 });
  assert.deepEqual(await store.listReleases(), [{ model: 'm-2', released: '2026-02-10T00:00:00Z' }]);
  const bad = await app.inject({ method: 'POST', url: '/admin/releases', headers: auth, payload: { releases: [{ model: 'm-3', released: 'yesterday' }] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /released/);
  const badAccount = await app.inject({ method: 'POST', url: '/admin/accounts', headers: auth, payload: { accounts: [{ id: 'a3', tier: 'gold' }] } });
  assert.equal(badAccount.statusCode, 400);
  assert.equal(await store.getAccount('a3'), null);
  const denied = await app.inject({ method: 'POST', url: '/admin/accounts', headers: { authorization: 'Bearer nope' }, payload: { id: 'a4' } });
  assert.equal(denied.statusCode, 401);
  assert.equal(await store.getAccount('a4'), null);
  await store.close();
});
