import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from '../exchange/exchange.js';
import { SqliteStore } from './sqlite-store.js';

const ex = (id: string, ts: string, account = 'acct_1'): Exchange => ({
  id,
  ts,
  account,
  ip: '10.0.0.1',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { model: 'm-1', messages: [{ role: 'user', content: 'hi' }] },
  response: { status: 200, text: 'hello', output_tokens: 1 },
});

test('accounts keep the contract attributes and merge updates', async () => {
  const store = new SqliteStore(':memory:');
  assert.equal(await store.upsertAccount({ id: 'a1', tier: 'paid', country: 'FR', allowlisted: false, note: 'x' }), true);
  assert.equal(await store.upsertAccount({ id: 'a1', payment: 'pm_1' }), false);
  assert.deepEqual(await store.getAccount('a1'), {
    id: 'a1', tier: 'paid', country: 'FR', payment: 'pm_1', allowlisted: false, note: 'x',
  });
  assert.equal(await store.getAccount('nope'), null);
  await store.close();
});

test('a key works until revoked, creates its account, and only its hash is stored', async () => {
  const store = new SqliteStore(':memory:');
  const created = await store.createKey('acct_new', 'ci');
  assert.equal(created.accountCreated, true);
  assert.ok((await store.getAccount('acct_new'))?.created);
  const verified = await store.verifyKey(created.secret);
  assert.equal(verified?.keyId, created.key.id);
  assert.equal(verified?.account.id, 'acct_new');
  assert.equal(await store.verifyKey(created.secret.slice(0, -1) + 'A'), null);
  assert.equal(await store.verifyKey('sk-not-ours'), null);
  const dump = JSON.stringify(store.db.prepare('SELECT * FROM api_keys').all());
  assert.ok(!dump.includes(created.secret.slice(-20)));
  assert.equal((await store.createKey('acct_new')).accountCreated, false);
  assert.equal((await store.listKeys('acct_new')).length, 2);
  assert.equal(await store.revokeKey(created.key.id), true);
  assert.equal(await store.revokeKey(created.key.id), false);
  assert.equal(await store.verifyKey(created.secret), null);
  await store.close();
});

test('exchanges come back in time order across pages, filtered by --since, and survive a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-store-'));
  let store = new SqliteStore(dir);
  const list = [
    ex('c', '2026-02-01T00:00:02.000Z'),
    ex('a', '2026-02-01T00:00:01.000Z'),
    ex('b', '2026-02-01T00:00:01.000Z'),
    ex('d', '2026-02-01T00:00:03.000Z'),
  ];
  await store.insertExchanges(list);
  await store.insertExchanges([ex('a', '2026-02-01T00:00:09.000Z')]);
  await store.close();
  store = new SqliteStore(dir);
  const all: string[] = [];
  for await (const e of store.exchanges({ pageSize: 2 })) all.push(e.id);
  assert.deepEqual(all, ['a', 'b', 'c', 'd']);
  const since: string[] = [];
  for await (const e of store.exchanges({ since: '2026-02-01T00:00:02Z', pageSize: 1 })) since.push(e.id);
  assert.deepEqual(since, ['c', 'd']);
  assert.equal(await store.countExchanges(), 4);
  await store.close();
});
