import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteStore } from '../store/sqlite-store.js';
import { KeyCache } from './key-cache.js';

test('hits are served from memory; a key created after a miss works once the negative entry expires', async () => {
  const store = new SqliteStore(':memory:');
  let lookups = 0;
  const counting = { verifyKey: (s: string) => (lookups++, store.verifyKey(s)) };
  const cache = new KeyCache(counting, { negativeTtlMs: 30 });
  const { secret } = await store.createKey('a');
  assert.equal((await cache.resolve(secret))?.account.id, 'a');
  assert.equal((await cache.resolve(secret))?.account.id, 'a');
  assert.equal(lookups, 1);
  assert.equal(cache.cached(secret)?.account.id, 'a');

  const later = 'hw_key_0123456789ab_later';
  assert.equal(await cache.resolve(later), null);
  assert.equal(await cache.resolve(later), null);
  assert.equal(lookups, 2);
  await sleep(40);
  assert.equal(cache.cached(later), undefined);
  await store.close();
});

test('concurrent misses for one secret share a single store lookup', async () => {
  let lookups = 0;
  const cache = new KeyCache({ verifyKey: async () => (lookups++, null) });
  await Promise.all([cache.resolve('x'), cache.resolve('x'), cache.resolve('x')]);
  assert.equal(lookups, 1);
});
