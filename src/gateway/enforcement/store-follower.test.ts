import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account, Release } from '../../exchange/account.js';
import { StoreFollower } from './store-follower.js';

test('new and moved releases are applied once each; unchanged ones never', async () => {
  let stored: Release[] = [{ model: 'm-1', released: '2026-01-01T00:00:00Z' }];
  const applied: Release[] = [];
  const follower = new StoreFollower<Release>({
    read: async () => ({ records: stored, next: 0 }),
    key: (r) => r.model,
    known: new Map(stored.map((r) => [r.model, r])),
    apply: (r) => applied.push(r),
    everyMs: 60_000,
  });
  await follower.check();
  assert.equal(applied.length, 0, 'known at start');
  stored = [...stored, { model: 'm-2', released: '2026-02-01T00:00:00Z' }];
  await follower.check();
  await follower.check();
  assert.deepEqual(applied.map((r) => r.model), ['m-2']);
  stored = [{ model: 'm-1', released: '2026-01-02T00:00:00Z' }, stored[1]!];
  await follower.check();
  assert.deepEqual(applied.map((r) => `${r.model} ${r.released}`), ['m-2 2026-02-01T00:00:00Z', 'm-1 2026-01-02T00:00:00Z']);
  follower.stop();
});

test('accounts are read from the latest change seen, a few seconds back, and only changed ones applied', async () => {
  const asked: number[] = [];
  // The store's current rows with the time each was last written.
  const rows = new Map<string, { at: number; account: Account }>([['a', { at: 100_000, account: { id: 'a', country: 'US' } }]]);
  const known = new Map<string, Account>([['a', { id: 'a', country: 'US' }]]);
  const applied: string[] = [];
  const follower = new StoreFollower<Account>({
    read: async (since) => {
      asked.push(since);
      const records = [...rows.values()].filter((w) => w.at >= since);
      return { records: records.map((w) => w.account), next: Math.max(since, ...records.map((w) => w.at)) };
    },
    key: (a) => a.id,
    known,
    apply: (a) => applied.push(`${a.id}:${a.country ?? ''}`),
    everyMs: 60_000,
  });
  await follower.check();
  rows.set('a', { at: 103_000, account: { id: 'a', country: 'CN' } }).set('b', { at: 104_000, account: { id: 'b' } });
  await follower.check();
  await follower.check();
  assert.deepEqual(asked, [0, 95_000, 99_000]);
  assert.deepEqual(applied, ['a:CN', 'b:']);
  assert.deepEqual(known.get('a'), { id: 'a', country: 'CN' });
  follower.stop();
});

test('a follower started from a read of the store goes back only a few seconds before it', async () => {
  const asked: number[] = [];
  const follower = new StoreFollower<Account>({
    read: async (since) => {
      asked.push(since);
      return { records: [], next: since };
    },
    key: (a) => a.id,
    known: new Map(),
    apply: () => {},
    since: 100_000,
    everyMs: 60_000,
  });
  await follower.check();
  assert.deepEqual(asked, [95_000]);
  follower.stop();
});

test('a store that cannot be read is reported and read again at the next check', async () => {
  let fail = true;
  const errors: string[] = [];
  const applied: string[] = [];
  const follower = new StoreFollower<Release>({
    read: async () => {
      if (fail) throw new Error('store unreachable');
      return { records: [{ model: 'm-2', released: '2026-02-01T00:00:00Z' }], next: 0 };
    },
    key: (r) => r.model,
    known: new Map(),
    apply: (r) => applied.push(r.model),
    onError: (e) => errors.push(e.message),
    everyMs: 60_000,
  });
  await follower.check();
  fail = false;
  await follower.check();
  assert.deepEqual(errors, ['store unreachable']);
  assert.deepEqual(applied, ['m-2']);
  follower.stop();
});
