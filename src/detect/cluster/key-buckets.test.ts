import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyBuckets, RING_SIZE } from './key-buckets.js';

test('a touch is news only for a new account or after the window, and offers recent partners', () => {
  const k = new KeyBuckets();
  const id = k.idOf('ip:1.2.3.4');
  assert.deepEqual(k.touch(id, 1, 0, 1000), []);
  assert.deepEqual(k.touch(id, 2, 10, 1000), [{ account: 1, lastSeen: 0 }]);
  assert.equal(k.touch(id, 2, 20, 1000), null);
  assert.deepEqual(k.touch(id, 1, 2000, 1000), [{ account: 2, lastSeen: 20 }]);
  assert.equal(k.distinct(id), 2);
  assert.equal(k.keyOf(id), 'ip:1.2.3.4');
});

test('the ring offers at most RING_SIZE partners while distinct accounts keep counting', () => {
  const k = new KeyBuckets();
  const id = k.idOf('asn:1');
  for (let a = 0; a < 50; a++) k.touch(id, a, a, Infinity);
  assert.equal(k.touch(id, 99, 100, Infinity)?.length, RING_SIZE);
  assert.equal(k.distinct(id), 51);
});

test('sweep forgets idle single-account keys and keeps shared ones', () => {
  const k = new KeyBuckets();
  const lone = k.idOf('t:lone');
  const shared = k.idOf('t:shared');
  k.touch(lone, 1, 0, Infinity);
  k.touch(shared, 1, 0, Infinity);
  k.touch(shared, 2, 0, Infinity);
  assert.equal(k.sweep(10), 1);
  assert.equal(k.find('t:lone'), -1);
  assert.equal(k.find('t:shared'), shared);
});

test('sweep forgets idle shared keys once no pair refers to them', () => {
  const k = new KeyBuckets();
  const [old, kept, recent] = ['ip:old', 'ip:kept', 'ip:recent'].map((name) => k.idOf(name)) as [number, number, number];
  for (const id of [old, kept]) for (const a of [1, 2]) k.touch(id, a, 0, Infinity);
  for (const a of [1, 2]) k.touch(recent, a, 50, Infinity);
  assert.deepEqual(k.live, { keys: 3, shared: 3 });
  assert.equal(k.sweep(10, 10, (id) => id === kept), 1);
  assert.equal(k.has(old), false);
  assert.equal(k.find('ip:old'), -1);
  assert.ok(k.has(kept) && k.has(recent));
  assert.equal(k.distinct(kept), 2);
  // A forgotten key seen again starts afresh.
  assert.notEqual(k.idOf('ip:old'), old);
});
