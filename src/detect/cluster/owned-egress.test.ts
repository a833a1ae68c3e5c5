import { test } from 'node:test';
import assert from 'node:assert/strict';
import { egressReason, ownedEgressHits, type EgressAddress, type EgressJudge } from './owned-egress.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-04-08T00:00:00Z');

/** Accounts 0..n-1 on one address, all at work on it an hour ago. */
function address(key: number, accounts: number[], lastAt = NOW - HOUR): EgressAddress {
  return { key, members: new Map(accounts.map((a) => [a, lastAt])), distinct: accounts.length };
}

function judge(opts: { confirmed: Iterable<number>; suspected: Iterable<number>; ineligible?: Iterable<number>; cluster?: (idx: number) => string }): EgressJudge {
  const confirmed = new Set(opts.confirmed);
  const suspected = new Set(opts.suspected);
  const ineligible = new Set(opts.ineligible ?? []);
  return {
    confirmed: (idx) => (confirmed.has(idx) ? { cluster: opts.cluster?.(idx) ?? 'c_1', score: 0.85 } : undefined),
    suspectedHarvesting: (idx) => suspected.has(idx),
    eligible: (idx) => !ineligible.has(idx),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test("a harvest's cloud host: the accounts held for review while harvesting are carried the campaign's verdict", () => {
  // 36 confirmed accounts and 14 suspected harvesters share one host nobody else uses.
  const hits = ownedEgressHits([address(7, range(0, 50))], judge({ confirmed: range(0, 36), suspected: range(36, 50) }), NOW);
  assert.deepEqual([...hits.keys()].sort((a, b) => a - b), range(36, 50));
  const hit = hits.get(40)!;
  assert.equal(hit.cluster, 'c_1');
  assert.equal(hit.confirmed, 36);
  assert.equal(hit.suspected, 14);
  assert.equal(hit.accounts, 50);
  const reason = egressReason(hit, 'ip:203.0.113.7', { score: 0.79 }, 12, 40);
  assert.equal(reason.signal, 'campaign_egress');
  assert.match(reason.detail, /36 of its 50 accounts .* 14 more are held for review while harvesting/);
});

test('an account that is not held for review, or not harvesting, is not carried anything (one kind is never enough)', () => {
  // 40 and 41 are on the host but their own scores do not hold them (or they do not harvest): not suspected.
  const hits = ownedEgressHits([address(7, range(0, 42))], judge({ confirmed: range(0, 36), suspected: range(36, 40) }), NOW);
  assert.equal(hits.has(40), false);
  assert.equal(hits.has(41), false);
  assert.equal(hits.size, 4);
});

test('an address shared with ordinary customers is not the campaign\'s own', () => {
  // A campus NAT: 5 confirmed campaign accounts, 3 suspected, 30 ordinary students.
  const nat = address(9, range(0, 38));
  assert.equal(ownedEgressHits([nat], judge({ confirmed: range(0, 5), suspected: range(5, 8) }), NOW).size, 0);
  // Most accounts confirmed but a fifth and more of them ordinary: still not owned.
  const mixed = address(9, range(0, 20));
  assert.equal(ownedEgressHits([mixed], judge({ confirmed: range(0, 12), suspected: range(12, 15) }), NOW).size, 0);
});

test('suspected harvesters alone never make an address a campaign\'s: confirmed members must be half of it', () => {
  // 3 confirmed, 7 suspected: 100% "owned" by suspicion, but the campaign is under half of the address.
  const a = address(3, range(0, 10));
  assert.equal(ownedEgressHits([a], judge({ confirmed: range(0, 3), suspected: range(3, 10) }), NOW).size, 0);
  // Two confirmed members are not enough either, even alone with one suspected account.
  const b = address(4, range(0, 3));
  assert.equal(ownedEgressHits([b], judge({ confirmed: range(0, 2), suspected: [2] }), NOW).size, 0);
});

test('pieces of one campaign in several clusters own an address together; the verdict carried is the largest piece\'s', () => {
  // 6 of c_1, 4 of c_2 and 2 suspected harvesters: 10 of 12 confirmed, all 12 confirmed or suspected.
  const a = address(5, range(0, 12));
  const j = judge({ confirmed: range(0, 10), suspected: [10, 11], cluster: (idx) => (idx < 6 ? 'c_1' : 'c_2') });
  const hits = ownedEgressHits([a], j, NOW);
  assert.deepEqual([...hits.keys()], [10, 11]);
  assert.equal(hits.get(10)!.cluster, 'c_1');
  assert.equal(hits.get(10)!.ofCluster, 6);
  assert.equal(hits.get(10)!.confirmed, 10);
  // No cluster with 3 members on it: nothing is carried, however many pieces.
  const b = address(6, range(0, 8));
  const pieces = judge({ confirmed: range(0, 6), suspected: [6, 7], cluster: (idx) => `c_${idx % 3}` });
  assert.equal(ownedEgressHits([b], pieces, NOW).size, 0);
});

test('trusted, accountable or evaluation-like accounts and accounts long gone from the address are left to the refresh', () => {
  const members = new Map<number, number>(range(0, 10).map((a) => [a, NOW - HOUR]));
  members.set(8, NOW - 30 * HOUR);
  const a: EgressAddress = { key: 1, members, distinct: 10 };
  const hits = ownedEgressHits([a], judge({ confirmed: range(0, 7), suspected: [7, 8, 9], ineligible: [9] }), NOW);
  assert.deepEqual([...hits.keys()], [7]);
});

test('a crowded address (past the cap) or one whose members are not all known is skipped', () => {
  const big = address(2, range(0, 600));
  assert.equal(ownedEgressHits([big], judge({ confirmed: range(0, 590), suspected: range(590, 600) }), NOW).size, 0);
  const partial: EgressAddress = { key: 2, members: new Map(range(0, 10).map((a) => [a, NOW - HOUR])), distinct: 12 };
  assert.equal(ownedEgressHits([partial], judge({ confirmed: range(0, 9), suspected: [9] }), NOW).size, 0);
});
