/**
 * Joins pieces of one operator that Louvain keeps apart: a hydra that gives each group of accounts its own payment
 * method but sends them all out through one pool of egress addresses shows up as several tightly controlled groups
 * that share most of their addresses. Two groups are joined when they have many exact addresses in common and those
 * make up most of the smaller group's shared addresses (an address counts when at least two accounts used it).
 *
 * ...and more than chance puts there: a community that used a large part of every address seen (the big community of
 * chat users and rotating residential-proxy accounts) meets any other group that rotates residential exits on a few
 * addresses; two groups' common addresses must be CHANCE_LIFT times what their numbers of shared addresses predict
 * if each address were drawn at random (at four times `standard`, every campaign of rotating exits was joined to
 * that community this way).
 *
 * Shared prompt templates are deliberately not used here: operators harvesting the same public benchmark send the
 * same items, so template overlap says "same source list", not "same operator".
 */
import { UnionFind } from './union-find.js';

/** Two groups need at least this many addresses in common... */
export const MIN_SHARED_ADDRESSES = 3;
/** ...making up at least this share of the shared addresses of the group that has fewer. */
export const MIN_SHARED_SHARE = 0.5;
/** ...and at least this many times the number expected by chance, ... */
export const CHANCE_LIFT = 4;
/** ...once there are this many shared addresses in all (with fewer, every group is on most of them, chance or not). */
export const CHANCE_MIN_ADDRESSES = 100;

/**
 * Rewrites `community` in place. `addresses` yields, per address used by two or more accounts, its accounts (account
 * index -> last use). Returns the number of joins made.
 */
export function mergeBySharedAddresses(
  community: Map<number, number>,
  addresses: Iterable<ReadonlyMap<number, number>>,
): number {
  const perGroup = new Map<number, number>();
  const shared = new Map<number, Map<number, number>>();
  const groups = new Set<number>();
  let seen = 0;
  for (const users of addresses) {
    groups.clear();
    for (const a of users.keys()) {
      const c = community.get(a);
      if (c !== undefined) groups.add(c);
    }
    seen++;
    for (const g of groups) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
    if (groups.size < 2) continue;
    const list = [...groups].sort((x, y) => x - y);
    for (let i = 0; i < list.length; i++) {
      const x = list[i] ?? 0;
      let row = shared.get(x);
      if (row === undefined) shared.set(x, (row = new Map()));
      for (let j = i + 1; j < list.length; j++) row.set(list[j] ?? 0, (row.get(list[j] ?? 0) ?? 0) + 1);
    }
  }
  const groupsOf = new UnionFind();
  let joins = 0;
  for (const [x, row] of shared) {
    for (const [y, n] of row) {
      if (n < MIN_SHARED_ADDRESSES) continue;
      const nx = perGroup.get(x) ?? 0;
      const ny = perGroup.get(y) ?? 0;
      if (n < MIN_SHARED_SHARE * Math.min(nx, ny)) continue;
      if (seen >= CHANCE_MIN_ADDRESSES && n < (CHANCE_LIFT * nx * ny) / seen) continue;
      if (groupsOf.union(x, y)) joins++;
    }
  }
  if (joins > 0) for (const [a, c] of community) community.set(a, groupsOf.find(c));
  return joins;
}
