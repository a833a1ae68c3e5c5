import { test } from 'node:test';
import assert from 'node:assert/strict';
import { returnUnclaimedPieces, splitLooseCores, type CoreLinks } from './core-split.js';

interface Pair { a: number; b: number; w: number; anchor: number }

/** CoreLinks over a list of pairs (slot = index in the list). */
function linksOf(pairs: Pair[]): CoreLinks {
  return {
    forEachPairOf(accounts, accept, fn) {
      const set = new Set(accounts);
      pairs.forEach((p, slot) => {
        if ((set.has(p.a) || set.has(p.b)) && accept(p.a, p.b)) fn(p.a, p.b, slot);
      });
    },
    partitionWeight: (slot) => pairs[slot]?.w ?? 0,
    // The anchoring weight as payment evidence (kind 0), the rest as /24 evidence (kind 2).
    visitEvidence(slot, fn) {
      const p = pairs[slot];
      if (p === undefined) return;
      if (p.anchor > 0) fn(0, -1, 1, p.anchor);
      if (p.w > p.anchor) fn(2, -1, 1, p.w - p.anchor);
    },
  };
}

/** Accounts `from`..`from + n - 1` on one card: every pair tied by payment. */
function card(from: number, n: number): Pair[] {
  const out: Pair[] = [];
  for (let i = from; i < from + n; i++) for (let j = i + 1; j < from + n; j++) out.push({ a: i, b: j, w: 3, anchor: 3 });
  return out;
}

const inOne = (accounts: number[]) => new Map(accounts.map((a) => [a, 0]));
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

test('two operators tied by a few chance meetings are split, each with the accounts tied to it', () => {
  // Operator A: 10 accounts on one card; operator B: 6 on another; two chance /24 meetings between them; account 20
  // (no card) is tied to B only.
  const pairs = [...card(0, 10), ...card(10, 6), { a: 3, b: 12, w: 0.3, anchor: 0 }, { a: 5, b: 14, w: 0.4, anchor: 0 }, { a: 20, b: 11, w: 1, anchor: 0 }];
  const community = inOne([...range(0, 16), 20]);
  let next = 1;
  assert.deepEqual(splitLooseCores(community, linksOf(pairs), () => next++), [{ piece: 1, from: 0 }]);
  assert.equal(community.get(0), 0, 'the larger operator keeps the community');
  assert.equal(community.get(10), 1);
  assert.equal(community.get(20), 1, 'an account tied only to B goes with B');
  for (const a of range(0, 10)) assert.equal(community.get(a), 0);
  for (const a of range(10, 6)) assert.equal(community.get(a), 1);
});

test('cards of one operator tied by more than chance stay one community', () => {
  // Two cards whose accounts keep meeting on the operator's own addresses: 12 across, against 45 and 45 inside.
  const pairs = [...card(0, 6), ...card(6, 6)];
  for (let k = 0; k < 6; k++) pairs.push({ a: k, b: 6 + k, w: 2, anchor: 0 });
  const community = inOne(range(0, 12));
  assert.deepEqual(splitLooseCores(community, linksOf(pairs), () => 99), []);
  assert.ok(range(0, 12).every((a) => community.get(a) === 0));
});

test('a community with one core and accounts tied to it by addresses alone is not split', () => {
  // A card of 4 and 10 free accounts on rotating exits (a low-and-slow campaign's mix): nothing to split between.
  const pairs = [...card(0, 4)];
  for (let k = 4; k < 14; k++) pairs.push({ a: k, b: k - 1, w: 0.6, anchor: 0 });
  const community = inOne(range(0, 14));
  assert.deepEqual(splitLooseCores(community, linksOf(pairs), () => 99), []);
});

test('pairs of two accounts on one card are no core', () => {
  // Three households of two, tied by chance: too small to be an operator's core, so nothing is split.
  const pairs = [...card(0, 2), ...card(2, 2), ...card(4, 2), { a: 1, b: 2, w: 0.3, anchor: 0 }, { a: 3, b: 4, w: 0.3, anchor: 0 }];
  const community = inOne(range(0, 6));
  assert.deepEqual(splitLooseCores(community, linksOf(pairs), () => 99), []);
});

test('a piece the address merge joined to another group stays apart; one it joined to nothing goes back', () => {
  // Community 0 was split into pieces 0 (accounts 0-1), 5 (2-3) and 6 (4-5); community 1 is accounts 6-7.
  const before = new Map([[0, 0], [1, 0], [2, 5], [3, 5], [4, 6], [5, 6], [6, 1], [7, 1]]);
  // The address merge joined piece 5 with community 1 (its operator's pool); piece 6 with nothing.
  const after = new Map(before);
  after.set(6, 5).set(7, 5);
  const split = [{ piece: 5, from: 0 }, { piece: 6, from: 0 }];
  assert.equal(returnUnclaimedPieces(after, before, split), 1);
  assert.equal(after.get(4), 0, 'the unclaimed piece is back with its community');
  assert.equal(after.get(2), after.get(6), 'the claimed piece stays with the group that claimed it');
  assert.notEqual(after.get(2), after.get(0));
});

test('accounts tied by sign-up bursts alone make no core', () => {
  // Two groups of 6 tied inside by registration bursts (kind 9) only, and by one chance meeting between them.
  const pairs: Pair[] = [];
  for (const from of [0, 6]) for (let i = from; i < from + 6; i++) for (let j = i + 1; j < from + 6; j++) pairs.push({ a: i, b: j, w: 0.8, anchor: 0 });
  pairs.push({ a: 0, b: 6, w: 0.3, anchor: 0 });
  const links = linksOf(pairs);
  const registration = { ...links, visitEvidence: (slot: number, fn: (kind: number, key: number, count: number, weight: number) => void) => fn(9, -1, 1, pairs[slot]?.w ?? 0) };
  const community = inOne(range(0, 12));
  assert.deepEqual(splitLooseCores(community, registration, () => 99), []);
});
