import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBySharedAddresses } from './address-merge.js';

const users = (ids: number[]) => new Map(ids.map((i) => [i, 0]));

function groupsOf(n: number, size: number): Map<number, number> {
  const community = new Map<number, number>();
  for (let i = 0; i < n * size; i++) community.set(i, Math.floor(i / size));
  return community;
}

test('groups sending their traffic through one address pool are joined', () => {
  const community = groupsOf(3, 10);
  // Groups 0 and 1 share a pool of 8 addresses; group 2 has its own.
  const pool = Array.from({ length: 8 }, (_, k) => users([k % 10, 10 + ((k * 3) % 10)]));
  const own = Array.from({ length: 8 }, (_, k) => users([20 + (k % 10), 20 + ((k + 1) % 10)]));
  // Everyone else's shared addresses (accounts of no group here).
  const others = Array.from({ length: 100 }, (_, k) => users([1000 + 2 * k, 1001 + 2 * k]));
  assert.equal(mergeBySharedAddresses(community, [...pool, ...own, ...others]), 1);
  assert.equal(community.get(0), community.get(10));
  assert.notEqual(community.get(0), community.get(20));
});

test('a few coincidental addresses do not join groups', () => {
  const community = groupsOf(2, 10);
  const coincidences = [users([0, 10]), users([1, 11])];
  assert.equal(mergeBySharedAddresses(community, coincidences), 0);
});

test('shared addresses that are a small part of what a group uses do not join it', () => {
  const community = groupsOf(2, 10);
  const common = Array.from({ length: 6 }, (_, k) => users([k, 10 + k]));
  // Both groups use 20 more addresses of their own among their members.
  const ownA = Array.from({ length: 20 }, (_, k) => users([k % 10, (k + 1) % 10]));
  const ownB = Array.from({ length: 20 }, (_, k) => users([10 + (k % 10), 10 + ((k + 1) % 10)]));
  assert.equal(mergeBySharedAddresses(community, [...common, ...ownA, ...ownB]), 0);
  assert.notEqual(community.get(0), community.get(10));
});

test('a group meeting a community that used most addresses on a few of them, as chance would, is not joined to it', () => {
  const community = groupsOf(2, 10);
  for (let i = 100; i < 400; i++) community.set(i, 0);
  // Community 0 (310 accounts) is on 300 of 320 shared addresses; group 1 is on 5, 4 of them with community 0.
  const big = Array.from({ length: 296 }, (_, k) => users([100 + k, 101 + k]));
  const met = Array.from({ length: 4 }, (_, k) => users([200 + k, 10 + k]));
  const own = [users([10, 11])];
  const others = Array.from({ length: 19 }, (_, k) => users([1000 + 2 * k, 1001 + 2 * k]));
  assert.equal(mergeBySharedAddresses(community, [...big, ...met, ...own, ...others]), 0);
  assert.notEqual(community.get(0), community.get(10));
});

test('a community holding a few accounts of another operator is not joined to that operator through them', () => {
  // Groups 0 (pool A) and 2 (pool B) are two operators; community 1 is mixed: 6 accounts on pool B, 3 on pool A.
  const community = groupsOf(3, 10);
  const poolA = Array.from({ length: 8 }, (_, k) => users([k % 10, (k + 1) % 10, 10 + (k % 3)]));
  const poolB = Array.from({ length: 8 }, (_, k) => users([20 + (k % 10), 20 + ((k + 1) % 10), 13 + (k % 6)]));
  // Community 1 is mostly on pool B, so it joins operator B; its 3 accounts on pool A do not bring operator A along.
  assert.equal(mergeBySharedAddresses(community, [...poolA, ...poolB]), 1);
  assert.equal(community.get(10), community.get(20));
  assert.notEqual(community.get(0), community.get(20));
});

test('the joins made do not depend on the order of the addresses', () => {
  // Six small groups on one pool of addresses (a rotating fleet Louvain leaves in pieces), two on a pool of their own.
  const community = groupsOf(8, 4);
  const pool = Array.from({ length: 12 }, (_, k) => users(Array.from({ length: 6 }, (_, g) => g * 4 + (k % 4))));
  const pair = Array.from({ length: 6 }, (_, k) => users([24 + (k % 4), 28 + ((k + 1) % 4)]));
  const forwards = new Map(community);
  const backwards = new Map(community);
  const joins = mergeBySharedAddresses(forwards, [...pool, ...pair]);
  assert.equal(joins, 6);
  assert.equal(mergeBySharedAddresses(backwards, [...pool, ...pair].reverse()), joins);
  assert.deepEqual([...backwards], [...forwards]);
  assert.equal(forwards.get(0), forwards.get(20));
  assert.equal(forwards.get(24), forwards.get(28));
  assert.notEqual(forwards.get(0), forwards.get(24));
});
