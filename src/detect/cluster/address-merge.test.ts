import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANCE_LIFT,
  CHANCE_MIN_ADDRESSES,
  MIN_MEMBER_SHARE,
  MIN_SHARED_ADDRESSES,
  MIN_SHARED_SHARE,
  mergeBySharedAddresses,
} from './address-merge.js';
import { seededRandom } from '../../signals/hash.js';

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

/** The rules of address-merge.ts read literally, with sets, pair by pair of groups: what the fast version must give. */
function mergedLiterally(community: Map<number, number>, addresses: ReadonlyMap<number, number>[]): Map<number, number> {
  const groupsOn = addresses.map((users) => new Set([...users.keys()].flatMap((a) => (community.has(a) ? [community.get(a)!] : []))));
  const groups = [...new Set(groupsOn.flatMap((s) => [...s]))];
  const addressesOfGroup = (g: number) => groupsOn.filter((s) => s.has(g)).length;
  const accountsOn = (g: number, partner: number | null) => {
    const found = new Set<number>();
    addresses.forEach((users, at) => {
      if (partner !== null && !groupsOn[at]!.has(partner)) return;
      for (const a of users.keys()) if (community.get(a) === g) found.add(a);
    });
    return found.size;
  };
  const root = new Map<number, number>();
  const find = (c: number): number => (root.has(c) && root.get(c) !== c ? find(root.get(c)!) : c);
  for (const x of groups) {
    for (const y of groups) {
      if (y <= x) continue;
      const common = groupsOn.filter((s) => s.has(x) && s.has(y)).length;
      const nx = addressesOfGroup(x);
      const ny = addressesOfGroup(y);
      if (common < MIN_SHARED_ADDRESSES || common < MIN_SHARED_SHARE * Math.min(nx, ny)) continue;
      if (addresses.length >= CHANCE_MIN_ADDRESSES && common < (CHANCE_LIFT * nx * ny) / addresses.length) continue;
      if (accountsOn(x, y) < MIN_MEMBER_SHARE * accountsOn(x, null)) continue;
      if (accountsOn(y, x) < MIN_MEMBER_SHARE * accountsOn(y, null)) continue;
      const [rx, ry] = [find(x), find(y)];
      if (rx !== ry) root.set(Math.max(rx, ry), Math.min(rx, ry));
    }
  }
  return new Map([...community].map(([a, c]) => [a, find(c)]));
}

test('on random worlds with crowded addresses, the joins are the ones the rules read literally give', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const groups = 6 + pick(30);
    const community = groupsOf(groups, 8);
    const accounts = groups * 8;
    const addresses: Map<number, number>[] = [];
    // Pools shared by a few groups each, addresses of one group, and crowded addresses most groups are on.
    for (let p = 0; p < 1 + pick(5); p++) {
      const members = Array.from({ length: 2 + pick(4) }, () => pick(groups));
      for (let k = 0; k < 3 + pick(8); k++) addresses.push(users(members.flatMap((g) => [g * 8 + pick(8), g * 8 + pick(8)])));
    }
    for (let k = 0; k < pick(60); k++) {
      const g = pick(groups);
      addresses.push(users([g * 8 + pick(8), g * 8 + pick(8), accounts + pick(50)]));
    }
    for (let k = 0; k < 1 + pick(4); k++) addresses.push(users(Array.from({ length: 20 + pick(200) }, () => pick(accounts + 100))));
    for (let k = 0; k < pick(120); k++) addresses.push(users([accounts + pick(100), accounts + 100 + pick(100)]));
    const expected = mergedLiterally(community, addresses);
    mergeBySharedAddresses(community, addresses);
    assert.deepEqual([...community], [...expected], `seed ${seed}`);
  }
});
