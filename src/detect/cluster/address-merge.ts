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
 * ...and that most of each group's accounts use: one operator's piece sends its traffic through its pool, so the common
 * addresses reach at least MIN_MEMBER_SHARE of the accounts of each group that share any address at all. Louvain can
 * leave a few accounts of one operator inside another's community (a mixed community of 13 accounts of one campaign,
 * 7 of another and some chat users, at four times `standard`); those few carry their operator's whole pool with them,
 * and without this rule the mixed community joined both operators' pieces into one cluster. A few members on
 * another group's addresses are those members' business, not the group's.
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
/** ...and used by at least this share of each group's accounts that share any address (a majority, not a few). */
export const MIN_MEMBER_SHARE = 0.5;

/**
 * Rewrites `community` in place. `addresses` yields, per address used by two or more accounts, its accounts (account
 * index -> last use). Returns the number of joins made. `onJoin` (for diagnosis, bench/cluster/partition-replay.ts)
 * is told each pair of groups that passes every test, with their number of addresses in common.
 */
export function mergeBySharedAddresses(
  community: Map<number, number>,
  addresses: Iterable<ReadonlyMap<number, number>>,
  onJoin?: (x: number, y: number, common: number) => void,
): number {
  const all = [...addresses];
  const perGroup = new Map<number, number>();
  const shared = new Map<number, Map<number, number>>();
  const groups = new Set<number>();
  /** per group, its accounts on any shared address */
  const onShared = new Map<number, number>();
  const counted = new Set<number>();
  let seen = 0;
  for (const users of all) {
    groups.clear();
    for (const a of users.keys()) {
      const c = community.get(a);
      if (c === undefined) continue;
      groups.add(c);
      if (!counted.has(a)) {
        counted.add(a);
        onShared.set(c, (onShared.get(c) ?? 0) + 1);
      }
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
  const candidates = new Map<number, Set<number>>();
  for (const [x, row] of shared) {
    for (const [y, n] of row) {
      if (n < MIN_SHARED_ADDRESSES) continue;
      const nx = perGroup.get(x) ?? 0;
      const ny = perGroup.get(y) ?? 0;
      if (n < MIN_SHARED_SHARE * Math.min(nx, ny)) continue;
      if (seen >= CHANCE_MIN_ADDRESSES && n < (CHANCE_LIFT * nx * ny) / seen) continue;
      let partners = candidates.get(x);
      if (partners === undefined) candidates.set(x, (partners = new Set()));
      partners.add(y);
    }
  }
  const groupsOf = new UnionFind();
  let joins = 0;
  for (const { x, y, users } of usersOnCommonAddresses(community, all, candidates)) {
    const majority = (g: number): boolean => (users.get(g)?.size ?? 0) >= MIN_MEMBER_SHARE * (onShared.get(g) ?? 0);
    if (!majority(x) || !majority(y)) continue;
    onJoin?.(x, y, shared.get(x)?.get(y) ?? 0);
    if (groupsOf.union(x, y)) joins++;
  }
  if (joins > 0) for (const [a, c] of community) community.set(a, groupsOf.find(c));
  return joins;
}

/**
 * For each candidate pair of groups (`candidates`: group -> partners with a higher number), each group's accounts
 * that used an address the two groups have in common.
 */
function usersOnCommonAddresses(
  community: ReadonlyMap<number, number>,
  addresses: readonly ReadonlyMap<number, number>[],
  candidates: ReadonlyMap<number, ReadonlySet<number>>,
): { x: number; y: number; users: Map<number, Set<number>> }[] {
  const byKey = new Map<string, { x: number; y: number; users: Map<number, Set<number>> }>();
  const byGroup = new Map<number, number[]>();
  for (const users of addresses) {
    byGroup.clear();
    for (const a of users.keys()) {
      const c = community.get(a);
      if (c === undefined) continue;
      let members = byGroup.get(c);
      if (members === undefined) byGroup.set(c, (members = []));
      members.push(a);
    }
    if (byGroup.size < 2) continue;
    for (const [x, xs] of byGroup) {
      const partners = candidates.get(x);
      if (partners === undefined) continue;
      for (const [y, ys] of byGroup) {
        if (!partners.has(y)) continue;
        const key = `${x}:${y}`;
        let entry = byKey.get(key);
        if (entry === undefined) byKey.set(key, (entry = { x, y, users: new Map([[x, new Set()], [y, new Set()]]) }));
        for (const a of xs) entry.users.get(x)?.add(a);
        for (const a of ys) entry.users.get(y)?.add(a);
      }
    }
  }
  return [...byKey.values()];
}
