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

test('entries are keyed by a hash of the secret and bounded; a flood of unknown keys keeps the verified ones', async () => {
  const store = new SqliteStore(':memory:');
  let lookups = 0;
  const cache = new KeyCache({ verifyKey: (s: string) => (lookups++, store.verifyKey(s)) }, { maxEntries: 50, negativeTtlMs: 60_000 });
  const { secret } = await store.createKey('a');
  await cache.resolve(secret);
  const long = 'k'.repeat(200);
  for (let i = 0; i < 1000; i++) await cache.resolve(`${long}${i}`);
  assert.ok(cache.size <= 100, `${cache.size} entries`);
  const held = [...(cache as unknown as { unknown: Map<string, unknown> }).unknown.keys()];
  assert.ok(held.every((k) => k.length === 44), 'keys are SHA-256 digests, not the presented strings');
  const before = lookups;
  assert.equal((await cache.resolve(secret))?.account.id, 'a');
  assert.equal(lookups, before, 'the verified key was still cached');
  await store.close();
});

test('absurdly long keys are refused without a store lookup or a cache entry', async () => {
  let lookups = 0;
  const cache = new KeyCache({ verifyKey: async () => (lookups++, null) }, { maxKeyLength: 256 });
  assert.equal(cache.cached('x'.repeat(15_000)), null);
  assert.equal(await cache.resolve('x'.repeat(15_000)), null);
  assert.equal(lookups, 0);
  assert.equal(cache.size, 0);
});

test('a revoked key is refused once its cached entry expires (auth.cache_ttl_ms)', async () => {
  const store = new SqliteStore(':memory:');
  const cache = new KeyCache(store, { ttlMs: 40 });
  const { secret, key } = await store.createKey('a');
  assert.ok(await cache.resolve(secret));
  await store.revokeKey(key.id);
  assert.ok(await cache.resolve(secret), 'still cached within the TTL');
  await sleep(50);
  assert.equal(await cache.resolve(secret), null);
  await store.close();
});
