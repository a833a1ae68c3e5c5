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

test('a key has one id whether named whole or as its kind prefix and the rest', () => {
  const k = new KeyBuckets();
  const ip = k.idIn('ip:', '1.2.3.4');
  assert.equal(k.idOf('ip:1.2.3.4'), ip);
  assert.equal(k.find('ip:1.2.3.4'), ip);
  assert.equal(k.findIn('ip:', '1.2.3.4'), ip);
  assert.equal(k.keyOf(ip), 'ip:1.2.3.4');
  // Only the first ':' separates the kind; a key without one has the empty prefix.
  const reg = k.idOf('reg:example.com:US:42');
  assert.equal(k.idIn('reg:', 'example.com:US:42'), reg);
  assert.notEqual(k.findIn('reg:example.com:', 'US:42'), reg);
  const bare = k.idOf('plain');
  assert.equal(k.idIn('', 'plain'), bare);
  assert.equal(k.findIn('t:', '1.2.3.4'), -1);
  assert.equal(k.findIn('nope:', 'x'), -1);
  assert.deepEqual(k.live, { keys: 3, shared: 0 });
});

test('keys by prefix: a whole kind, part of a kind, or several kinds', () => {
  const k = new KeyBuckets();
  const [a, b, c, d] = ['t:alpha', 't:beta', 'ip:10.0.0.1', 'ip:10.0.1.1'].map((key) => k.idOf(key)) as [number, number, number, number];
  assert.deepEqual([...k.idsWithPrefix('t:')].sort(), [a, b].sort());
  assert.deepEqual([...k.idsWithPrefix('t:al')], [a]);
  assert.deepEqual([...k.idsWithPrefix('ip:10.0.0')], [c]);
  assert.deepEqual([...k.idsWithPrefix('i')].sort(), [c, d].sort());
  assert.deepEqual([...k.idsWithPrefix('')].sort(), [a, b, c, d].sort());
  k.touch(a, 1, 0, Infinity);
  assert.equal(k.sweep(10), 4);
  assert.deepEqual([...k.idsWithPrefix('')], []);
  assert.deepEqual(k.live, { keys: 0, shared: 0 });
});

test('retiring idle members keeps what a key counts and offers: distinct accounts, membership and partners', () => {
  const DAY = 86_400_000;
  const retired = new KeyBuckets();
  const whole = new KeyBuckets();
  const touches: [string, number, number, number][] = [];
  for (let a = 0; a < 30; a++) touches.push(['t:x', a, a * 1000, Infinity], ['net:1.2.3', a, a * 1000, DAY]);
  for (const k of [retired, whole]) for (const [key, a, t, w] of touches) k.touch(k.idOf(key), a, t, w);
  assert.equal(retired.retireIdle(20 * DAY, (kind) => kind !== 'net:'), 30 - RING_SIZE);
  const t = retired.idOf('t:x');
  assert.equal(retired.members(t).size, RING_SIZE, 'the ring of recent accounts stays whole');
  assert.deepEqual([...retired.accounts(t)].sort((a, b) => a - b), [...whole.accounts(whole.idOf('t:x'))].sort((a, b) => a - b));
  assert.equal(retired.members(retired.idOf('net:1.2.3')).size, 30, 'kinds not named keep every member');
  for (const [key, a, at, w] of [['t:x', 3, 30 * DAY, Infinity], ['t:x', 99, 31 * DAY, Infinity], ['t:x', 5, 32 * DAY, DAY]] as const) {
    assert.deepEqual(retired.touch(retired.idOf(key), a, at, w), whole.touch(whole.idOf(key), a, at, w));
    assert.equal(retired.distinct(t), whole.distinct(whole.idOf('t:x')));
    assert.equal(retired.hasMember(t, 7), true);
  }
});

test('a member kept idle for being in the ring retires at the next sweep once a touch has pushed it out', () => {
  const DAY = 86_400_000;
  const k = new KeyBuckets();
  const id = k.idOf('t:x');
  for (let a = 0; a < RING_SIZE + 2; a++) k.touch(id, a, a * 1000, Infinity);
  assert.equal(k.retireIdle(DAY, () => true), 2, 'the two accounts older than the ring');
  assert.equal(k.retireIdle(DAY, () => true), 0);
  k.touch(id, 99, 2 * DAY, Infinity);
  assert.equal(k.retireIdle(DAY, () => true), 1, 'the ring member the new account pushed out');
  assert.equal(k.members(id).size, RING_SIZE);
  assert.equal(k.distinct(id), RING_SIZE + 3);
});
