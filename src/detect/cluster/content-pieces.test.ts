import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAPABILITIES } from '../../signals/types.js';
import type { AccountSummary } from './account-summary.js';
import { joinContentPieces } from './content-pieces.js';

/** Only what joinContentPieces reads: exchanges, harvest-type count, capabilities (no agent work), templates and system prompts. */
function summary(exchanges: number, harvest: number, templates: [string, number][], system: [string, number][] = []): AccountSummary {
  const capabilities = new Uint32Array(CAPABILITIES.length);
  return { exchanges, harvest, capabilities, templates: new Map(templates), systemTemplates: new Map(system) } as unknown as AccountSummary;
}

/**
 * Community 0: a low-and-slow campaign's main part (150 harvesters on templates a/b/c). Community 1: a reseller (300
 * harvesters on its customers' system prompts, a little of a/b). Pieces: 2 = 12 accounts of the campaign; 3 = 12
 * benign chat users (no harvest) on a/b; 4 = 12 harvesters of their own template; 5 = 12 of the campaign tied to nobody.
 */
function world() {
  const community = new Map<number, number>();
  const sums: AccountSummary[] = [];
  const add = (c: number, s: AccountSummary) => {
    community.set(sums.length, c);
    sums.push(s);
  };
  const slow = () => summary(80, 20, [['a', 30], ['b', 25], ['c', 20], ['x', 5]]);
  for (let i = 0; i < 150; i++) add(0, slow());
  for (let i = 0; i < 300; i++) add(1, summary(40, 10, [['a', 2], ['b', 1], ['q', 10]], [[`sp${i % 7}`, 30]]));
  for (let i = 0; i < 12; i++) add(2, slow());
  for (let i = 0; i < 12; i++) add(3, summary(50, 0, [['a', 10], ['b', 10], ['c', 10]]));
  for (let i = 0; i < 12; i++) add(4, summary(80, 40, [['own', 70]]));
  for (let i = 0; i < 12; i++) add(5, slow());
  return { community, sums };
}

test('a piece harvesting what a large community harvests joins it, by the control weight towards it', () => {
  const { community, sums } = world();
  // Piece 2 is tied a little more to the reseller (1) than to its own campaign (0): chance /24 meetings.
  const towards = (members: readonly number[]): Map<number, number> => {
    const c = community.get(members[0] ?? -1);
    if (c === 5) return new Map();
    return new Map([
      [0, 30],
      [1, 32],
    ]);
  };
  const joined = joinContentPieces(community, (i) => sums[i], towards);
  const of = (c: number) => [...community].filter(([, x]) => x === c).length;
  assert.equal(joined, 1);
  assert.equal(of(0), 162, 'the campaign piece joins the campaign, not the reseller it is as tied to');
  assert.equal(of(1), 300);
  assert.equal(of(2), 0);
  assert.equal(of(3), 12, 'benign users of the same templates stay apart');
  assert.equal(of(4), 12, 'a harvest of its own content stays apart');
  assert.equal(of(5), 12, 'content alone joins nothing');
});

test('a piece found by its own evidence (a content campaign placed apart) stays apart', () => {
  const { community, sums } = world();
  const joined = joinContentPieces(community, (i) => sums[i], () => new Map([[0, 30]]), (idx) => community.get(idx) === 2);
  assert.equal(joined, 1, 'piece 5, tied now, joins; piece 2 is a found group');
  assert.equal([...community.values()].filter((c) => c === 2).length, 12);
});

test('no large community: nothing moves', () => {
  const community = new Map<number, number>();
  const sums: AccountSummary[] = [];
  for (let i = 0; i < 20; i++) {
    community.set(i, i < 10 ? 0 : 1);
    sums.push(summary(80, 20, [['a', 40]]));
  }
  assert.equal(joinContentPieces(community, (i) => sums[i], () => new Map([[0, 5], [1, 5]])), 0);
  assert.deepEqual([...new Set(community.values())].sort(), [0, 1]);
});
