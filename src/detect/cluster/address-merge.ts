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
import { DenseCounts } from './dense-counts.js';
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
  const sites = groupsOnAddresses(community, addresses);
  const { groupIds, perGroup, onShared } = sites;
  const seen = sites.addresses.length;
  const candidates: CandidatePair[] = [];
  const partnersOf: { partner: number; pair: CandidatePair }[][] = groupIds.map(() => []);
  // Per group, the addresses it shares with each group numbered after it (a map keyed by pairs of groups cost a
  // tenth of a scan's refreshes at the 45-day scenario's population).
  const sitesOf: number[][] = groupIds.map(() => []);
  sites.addresses.forEach(({ groups }, at) => {
    for (const g of groups) sitesOf[g]?.push(at);
  });
  const sharedWith = new DenseCounts(groupIds.length);
  for (let x = 0; x < groupIds.length; x++) {
    for (const at of sitesOf[x] ?? []) {
      for (const y of sites.addresses[at]?.groups ?? []) if (y > x) sharedWith.add(y);
    }
    const nx = perGroup[x] ?? 0;
    sharedWith.drain((y, n) => {
      if (n < MIN_SHARED_ADDRESSES) return;
      const ny = perGroup[y] ?? 0;
      if (n < MIN_SHARED_SHARE * Math.min(nx, ny)) return;
      if (seen >= CHANCE_MIN_ADDRESSES && n < (CHANCE_LIFT * nx * ny) / seen) return;
      const pair = { x, y, common: n, xUsers: 0, yUsers: 0 };
      candidates.push(pair);
      partnersOf[x]?.push({ partner: y, pair });
      partnersOf[y]?.push({ partner: x, pair });
    });
  }
  if (candidates.length === 0) return 0;
  countUsersOnCommonAddresses(sites, partnersOf);
  // The smaller community number is the root, so the joins made do not depend on the order the pairs are taken in.
  const groupsOf = new UnionFind();
  let joins = 0;
  for (const { x, y, common, xUsers, yUsers } of candidates) {
    if (xUsers < MIN_MEMBER_SHARE * (onShared[x] ?? 0) || yUsers < MIN_MEMBER_SHARE * (onShared[y] ?? 0)) continue;
    const cx = groupIds[x] ?? 0;
    const cy = groupIds[y] ?? 0;
    onJoin?.(cx, cy, common);
    if (groupsOf.union(cx, cy)) joins++;
  }
  if (joins > 0) for (const [a, c] of community) community.set(a, groupsOf.find(c));
  return joins;
}

/** Two groups (dense indices) that may be one operator's, and each one's accounts on an address they have in common. */
interface CandidatePair {
  x: number;
  y: number;
  /** addresses both are on */
  common: number;
  xUsers: number;
  yUsers: number;
}

/** The shared addresses as the groups see them; groups numbered densely in the order they are first met. */
interface AddressSites {
  /** community number of each dense group index */
  groupIds: number[];
  /** per group: the shared addresses it is on */
  perGroup: number[];
  /** per group: its accounts on any shared address */
  onShared: number[];
  /** per shared address: its groups, each once, and its accounts in a community with their group */
  addresses: { groups: number[]; accounts: number[]; groupOfAccount: number[] }[];
}

function groupsOnAddresses(community: ReadonlyMap<number, number>, addresses: Iterable<ReadonlyMap<number, number>>): AddressSites {
  const denseOf = new Map<number, number>();
  const groupIds: number[] = [];
  const perGroup: number[] = [];
  const onShared: number[] = [];
  /** per group: the last address it was counted on (so each address counts a group once) */
  const lastAddress: number[] = [];
  const counted = new Set<number>();
  const sites: AddressSites['addresses'] = [];
  for (const users of addresses) {
    const at = sites.length;
    const site = { groups: [] as number[], accounts: [] as number[], groupOfAccount: [] as number[] };
    users.forEach((_, a) => {
      const c = community.get(a);
      if (c === undefined) return;
      let g = denseOf.get(c);
      if (g === undefined) {
        g = groupIds.length;
        denseOf.set(c, g);
        groupIds.push(c);
        perGroup.push(0);
        onShared.push(0);
        lastAddress.push(-1);
      }
      if (lastAddress[g] !== at) {
        lastAddress[g] = at;
        site.groups.push(g);
        perGroup[g] = (perGroup[g] ?? 0) + 1;
      }
      if (!counted.has(a)) {
        counted.add(a);
        onShared[g] = (onShared[g] ?? 0) + 1;
      }
      site.accounts.push(a);
      site.groupOfAccount.push(g);
    });
    sites.push(site);
  }
  return { groupIds, perGroup, onShared, addresses: sites };
}

/**
 * Counts, for each candidate pair, each group's accounts that used an address the two groups have in common: an
 * account counts for its group towards a partner when the partner is on any of the account's addresses.
 */
function countUsersOnCommonAddresses(sites: AddressSites, partnersOf: readonly { partner: number; pair: CandidatePair }[][]): void {
  const addressesOf = new Map<number, { group: number; at: number[] }>();
  sites.addresses.forEach((site, at) => {
    for (let i = 0; i < site.accounts.length; i++) {
      const group = site.groupOfAccount[i] ?? 0;
      if ((partnersOf[group]?.length ?? 0) === 0) continue;
      const a = site.accounts[i] ?? 0;
      const entry = addressesOf.get(a);
      if (entry === undefined) addressesOf.set(a, { group, at: [at] });
      else entry.at.push(at);
    }
  });
  // Per address, only its groups that are some group's candidate partner (a crowded address's groups are mostly not).
  const partnered = sites.addresses.map(({ groups }) => groups.filter((g) => (partnersOf[g]?.length ?? 0) > 0));
  /** per group: the account (by its turn below) that last found it on one of its addresses */
  const metBy = new Int32Array(sites.groupIds.length).fill(-1);
  let turn = 0;
  for (const { group, at } of addressesOf.values()) {
    turn++;
    for (const site of at) for (const g of partnered[site] ?? []) metBy[g] = turn;
    for (const { partner, pair } of partnersOf[group] ?? []) {
      if (metBy[partner] !== turn) continue;
      if (pair.x === group) pair.xUsers++;
      else pair.yUsers++;
    }
  }
}
