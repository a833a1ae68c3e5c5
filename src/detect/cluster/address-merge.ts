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
import { grow } from './typed-arrays.js';
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
  const groups = groupIds.length;
  const seen = sites.count;
  const candidates: CandidatePair[] = [];
  const partnersOf = new Array<{ partner: number; pair: CandidatePair }[] | undefined>(groups).fill(undefined);
  // Per group, the addresses it is on (a map keyed by pairs of groups cost a tenth of a scan's refreshes at the 45-day
  // scenario's population).
  const sitesOf = addressesByValue(sites.count, sites.groupStart, sites.groups, groups);
  const sharedWith = new DenseCounts(groups);
  for (let x = 0; x < groups; x++) {
    for (let i = sitesOf.byValue[x]!; i < sitesOf.byValue[x + 1]!; i++) {
      const at = sitesOf.sites[i]!;
      for (let j = sites.groupStart[at]!; j < sites.groupStart[at + 1]!; j++) {
        const y = sites.groups[j]!;
        if (y > x) sharedWith.add(y);
      }
    }
    const nx = perGroup[x] ?? 0;
    sharedWith.drain((y, n) => {
      if (n < MIN_SHARED_ADDRESSES) return;
      const ny = perGroup[y] ?? 0;
      if (n < MIN_SHARED_SHARE * Math.min(nx, ny)) return;
      if (seen >= CHANCE_MIN_ADDRESSES && n < (CHANCE_LIFT * nx * ny) / seen) return;
      const pair = { x, y, common: n, xUsers: 0, yUsers: 0 };
      candidates.push(pair);
      (partnersOf[x] ??= []).push({ partner: y, pair });
      (partnersOf[y] ??= []).push({ partner: x, pair });
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

/**
 * The shared addresses as the groups see them, groups numbered densely in the order they are first met; per address
 * its groups (each once) and its accounts in a community with their group, in flat arrays (address `at`'s groups are
 * `groups[groupStart[at]]` to before `groups[groupStart[at + 1]]`, its accounts likewise): arrays and maps per address
 * and per account were 2.8 GB of what a scan of the 45-day scenario at a tenth of its size allocated (0.5 GB flat).
 */
interface AddressSites {
  /** number of shared addresses */
  count: number;
  /** community number of each dense group index */
  groupIds: number[];
  /** per group: the shared addresses it is on */
  perGroup: number[];
  /** per group: its accounts on any shared address */
  onShared: number[];
  groupStart: Int32Array;
  groups: Int32Array;
  accountStart: Int32Array;
  accounts: Int32Array;
  groupOfAccount: Int32Array;
  /** one more than the largest account index */
  accountBound: number;
}

function groupsOnAddresses(community: ReadonlyMap<number, number>, addresses: Iterable<ReadonlyMap<number, number>>): AddressSites {
  const denseOf = new Map<number, number>();
  const groupIds: number[] = [];
  const perGroup: number[] = [];
  const onShared: number[] = [];
  /** per group: the last address it was counted on (so each address counts a group once) */
  const lastAddress: number[] = [];
  const counted = new Set<number>();
  let groupStart = new Int32Array(1024);
  let groups = new Int32Array(1024);
  let accountStart = new Int32Array(1024);
  let accounts = new Int32Array(4096);
  let groupOfAccount = new Int32Array(4096);
  let count = 0;
  let groupEntries = 0;
  let accountEntries = 0;
  let accountBound = 0;
  for (const users of addresses) {
    const at = count++;
    groupStart = grow(groupStart, count + 1);
    accountStart = grow(accountStart, count + 1);
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
        groups = grow(groups, groupEntries + 1);
        groups[groupEntries++] = g;
        perGroup[g] = (perGroup[g] ?? 0) + 1;
      }
      if (!counted.has(a)) {
        counted.add(a);
        onShared[g] = (onShared[g] ?? 0) + 1;
      }
      accounts = grow(accounts, accountEntries + 1);
      groupOfAccount = grow(groupOfAccount, accountEntries + 1);
      accounts[accountEntries] = a;
      groupOfAccount[accountEntries++] = g;
      if (a >= accountBound) accountBound = a + 1;
    });
    groupStart[count] = groupEntries;
    accountStart[count] = accountEntries;
  }
  return { count, groupIds, perGroup, onShared, groupStart, groups, accountStart, accounts, groupOfAccount, accountBound };
}

/**
 * The inverse of flat per-address lists (address `at`'s values are `values[start[at]]` to before `values[start[at + 1]]`,
 * each below `bound`): per value, the addresses it is listed on, ascending (value `v`'s are `sites[byValue[v]]` to before
 * `sites[byValue[v + 1]]`), taking only the entries `keep` accepts (by their index in `values`).
 */
function addressesByValue(
  count: number,
  start: Int32Array,
  values: Int32Array,
  bound: number,
  keep: (entry: number) => boolean = () => true,
): { byValue: Int32Array; sites: Int32Array } {
  const byValue = new Int32Array(bound + 1);
  const entries = start[count]!;
  for (let j = 0; j < entries; j++) if (keep(j)) byValue[values[j]! + 1]!++;
  for (let v = 0; v < bound; v++) byValue[v + 1]! += byValue[v]!;
  const fill = byValue.slice(0, bound);
  const sites = new Int32Array(byValue[bound]!);
  for (let at = 0; at < count; at++) {
    for (let j = start[at]!; j < start[at + 1]!; j++) if (keep(j)) sites[fill[values[j]!]!++] = at;
  }
  return { byValue, sites };
}

/** Addresses with at most this many partnered groups are searched in place rather than through a set. */
const SMALL_SITE = 16;

/**
 * Counts, for each candidate pair, each group's accounts that used an address the two groups have in common: an
 * account counts for its group towards a partner when the partner is on any of the account's addresses.
 */
function countUsersOnCommonAddresses(sites: AddressSites, partnersOf: readonly ({ partner: number; pair: CandidatePair }[] | undefined)[]): void {
  const hasPartners = (g: number): boolean => partnersOf[g] !== undefined;
  // Per account of a group with partners, its group and its addresses ascending.
  const onPartneredGroup = (j: number): boolean => hasPartners(sites.groupOfAccount[j]!);
  const { byValue: start, sites: siteList } = addressesByValue(
    sites.count,
    sites.accountStart,
    sites.accounts,
    sites.accountBound,
    onPartneredGroup,
  );
  const groupOf = new Int32Array(sites.accountBound);
  const entries = sites.accountStart[sites.count]!;
  for (let j = 0; j < entries; j++) if (onPartneredGroup(j)) groupOf[sites.accounts[j]!] = sites.groupOfAccount[j]!;
  // Per address, only its groups that are some group's candidate partner (a crowded address's groups are mostly not).
  const partneredStart = new Int32Array(sites.count + 1);
  const partnered = new Int32Array(sites.groupStart[sites.count]!);
  let kept = 0;
  for (let at = 0; at < sites.count; at++) {
    for (let j = sites.groupStart[at]!; j < sites.groupStart[at + 1]!; j++) {
      if (hasPartners(sites.groups[j]!)) partnered[kept++] = sites.groups[j]!;
    }
    partneredStart[at + 1] = kept;
  }
  // An account on crowded addresses whose group has few partners asks, per partner, whether it is on one of them (set
  // lookups) instead of marking every group on them: at a third of the 45-day scenario's population the marking alone,
  // accounts times groups on each crowded address, was a tenth of the refresh time.
  const groupSets = new Map<number, Set<number>>();
  const onSite = (at: number, group: number): boolean => {
    const from = partneredStart[at]!;
    const to = partneredStart[at + 1]!;
    if (to - from <= SMALL_SITE) {
      for (let j = from; j < to; j++) if (partnered[j] === group) return true;
      return false;
    }
    let set = groupSets.get(at);
    if (set === undefined) groupSets.set(at, (set = new Set(partnered.subarray(from, to))));
    return set.has(group);
  };
  /** per group: the account (by its turn below) that last found it on one of its addresses */
  const metBy = new Int32Array(sites.groupIds.length).fill(-1);
  let turn = 0;
  for (let a = 0; a < sites.accountBound; a++) {
    const from = start[a]!;
    const to = start[a + 1]!;
    if (from === to) continue;
    const group = groupOf[a]!;
    const partners = partnersOf[group] ?? [];
    let marks = 0;
    for (let i = from; i < to; i++) marks += partneredStart[siteList[i]! + 1]! - partneredStart[siteList[i]!]!;
    if (marks > partners.length * (to - from)) {
      for (const { partner, pair } of partners) {
        let on = false;
        for (let i = from; i < to && !on; i++) on = onSite(siteList[i]!, partner);
        if (!on) continue;
        if (pair.x === group) pair.xUsers++;
        else pair.yUsers++;
      }
      continue;
    }
    turn++;
    for (let i = from; i < to; i++) {
      const at = siteList[i]!;
      for (let j = partneredStart[at]!; j < partneredStart[at + 1]!; j++) metBy[partnered[j]!] = turn;
    }
    for (const { partner, pair } of partners) {
      if (metBy[partner] !== turn) continue;
      if (pair.x === group) pair.xUsers++;
      else pair.yUsers++;
    }
  }
}
