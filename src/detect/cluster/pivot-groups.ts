/**
 * The coordinated groups inside a flagged cluster, each tested for a model-launch pivot on its own. A cluster can hold
 * the accounts of several operators (chance address links glue campaigns together at scale): a smaller campaign's move
 * is diluted in the cluster's traffic until the larger one moves too, and the cluster's alert then names mostly the
 * larger one's accounts. A pivot is the move of one operator's group, so each group the detector already knows (a
 * coordinated-content campaign, a low-and-slow family, harvesting accounts tied by hard evidence of common control,
 * a rotating fleet) is measured and named apart.
 */
import { UnionFind } from './union-find.js';

/** A group needs this many harvesting members to be tested apart from its cluster (one or two accounts are no fleet). */
export const PIVOT_GROUP_MIN_ACCOUNTS = 3;

/** The kind of group a key names: the part before its colon (`core`, `content`, `ls`). */
const kindOf = (key: string): string => key.slice(0, key.indexOf(':'));
/** Control components: accounts tied by hard evidence of common control (refresh.ts), chained by any chance tie. */
const CONTROL = 'core';

/**
 * The harvesting members of a cluster gathered by the groups they belong to (`groupKeys`: the keys of the groups an
 * account is in, e.g. its content campaign and its control component), as lists of account indices, largest first:
 * only groups of PIVOT_GROUP_MIN_ACCOUNTS or more that are not the whole set of harvesters (that one is the cluster's
 * own test). Two groups are one when they share most of the smaller one's accounts (a campaign's payment fleets inside
 * its content campaign), not when a few accounts sit in both: one chance tie (a shared proxy address) between a
 * reseller's control component and another operator's content campaign made them one group, named in one alert when
 * the larger moved, and the reseller's own move hours later was then no news. Nor is a content campaign or low-and-slow
 * family joined into a larger control component, however much of it the component holds: without payment data, hard
 * ties chained a reseller's accounts to four other campaigns' into one component of 3,500 accounts, which swallowed
 * each campaign's content group, so none of their moves was told apart. An account in two groups that stay apart is in
 * both.
 */
export function pivotGroups(harvesters: readonly number[], groupKeys: (idx: number) => readonly string[]): number[][] {
  const keyIndex = new Map<string, number>();
  const accountsOf: number[][] = [];
  const keysOf = new Map<number, number[]>();
  for (const a of harvesters) {
    const mine: number[] = [];
    for (const key of groupKeys(a)) {
      let k = keyIndex.get(key);
      if (k === undefined) keyIndex.set(key, (k = accountsOf.push([]) - 1));
      accountsOf[k]?.push(a);
      mine.push(k);
    }
    keysOf.set(a, mine);
  }
  // Accounts shared by each pair of groups, then the pairs that share most of the smaller group.
  const shared = new Map<number, number>();
  const pairOf = (x: number, y: number): number => Math.min(x, y) * accountsOf.length + Math.max(x, y);
  for (const keys of keysOf.values()) {
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const pair = pairOf(keys[i] ?? 0, keys[j] ?? 0);
        shared.set(pair, (shared.get(pair) ?? 0) + 1);
      }
    }
  }
  const kinds = [...keyIndex.keys()].map(kindOf);
  const joined = new UnionFind();
  for (const [pair, n] of shared) {
    const x = Math.floor(pair / accountsOf.length);
    const y = pair % accountsOf.length;
    const [small, large] = (accountsOf[x]?.length ?? 0) <= (accountsOf[y]?.length ?? 0) ? [x, y] : [y, x];
    const smaller = accountsOf[small]?.length ?? 0;
    if (n * 2 <= smaller) continue;
    if (kinds[large] === CONTROL && kinds[small] !== CONTROL && (accountsOf[large]?.length ?? 0) > smaller) continue;
    joined.union(x, y);
  }
  const seen = new Set<string>();
  const groups: number[][] = [];
  for (const keys of joined.sets(accountsOf.keys())) {
    const group = [...new Set(keys.flatMap((k) => accountsOf[k] ?? []))].sort((x, y) => x - y);
    const id = group.join(',');
    if (group.length < PIVOT_GROUP_MIN_ACCOUNTS || group.length >= harvesters.length || seen.has(id)) continue;
    seen.add(id);
    groups.push(group);
  }
  return groups.sort((x, y) => y.length - x.length);
}

/**
 * Whether an earlier alert (the accounts it named) was already about this group: most of the group was named in it,
 * and the group is most of what it named (an alert is about the group most of whose accounts it names). An alert
 * naming a large campaign with a few of this group's accounts among them is not this group's alert, nor is one where
 * the group is only half; the same group found again under another cluster id is.
 */
export function alreadyAlerted(earlier: readonly ReadonlySet<number>[], group: readonly number[]): boolean {
  return earlier.some((named) => {
    const common = countIn(named, group);
    return common * 2 > group.length && common * 2 > named.size;
  });
}

/**
 * Whether most of `accounts` (the members of a cluster that moved) were already named together in one earlier alert:
 * they are then part of a group already alerted, and a second alert about them would repeat it.
 */
export function alreadyNamed(earlier: readonly ReadonlySet<number>[], accounts: readonly number[]): boolean {
  return earlier.some((named) => countIn(named, accounts) * 2 > accounts.length);
}

/**
 * Whether the move of most of `group` was already told: an earlier alert named most of its accounts after each had
 * moved itself. A group named earlier as part of a larger one (a control component chaining several operators, named
 * whole when the largest of them moved) whose own accounts had not moved yet is still to be told.
 */
export function moveTold(told: ReadonlySet<number>, group: readonly number[]): boolean {
  return countIn(told, group) * 2 > group.length;
}

/** How many of `accounts` are in `set`. */
function countIn(set: ReadonlySet<number>, accounts: readonly number[]): number {
  let n = 0;
  for (const a of accounts) if (set.has(a)) n++;
  return n;
}
