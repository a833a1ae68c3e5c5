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

/**
 * The harvesting members of a cluster joined by the groups they belong to (`groupKeys`: the keys of the groups an
 * account is in, e.g. its content campaign and its control component), as lists of account indices, largest first:
 * only groups of PIVOT_GROUP_MIN_ACCOUNTS or more that are not the whole set of harvesters (that one is the cluster's
 * own test).
 */
export function pivotGroups(harvesters: readonly number[], groupKeys: (idx: number) => readonly string[]): number[][] {
  const joined = new UnionFind();
  const firstOf = new Map<string, number>();
  for (const a of harvesters) {
    for (const key of groupKeys(a)) {
      const first = firstOf.get(key);
      if (first === undefined) firstOf.set(key, a);
      else joined.union(first, a);
    }
  }
  return joined
    .sets(harvesters)
    .filter((g) => g.length >= PIVOT_GROUP_MIN_ACCOUNTS && g.length < harvesters.length)
    .sort((x, y) => y.length - x.length);
}

/**
 * Whether an earlier alert (the accounts it named) was already about this group: most of the group was named in it,
 * and the group is most of what it named (an alert is about the group most of whose accounts it names). An alert
 * naming a large campaign with a few of this group's accounts among them is not this group's alert, nor is one where
 * the group is only half; the same group found again under another cluster id is.
 */
export function alreadyAlerted(earlier: readonly ReadonlySet<number>[], group: readonly number[]): boolean {
  for (const named of earlier) {
    let common = 0;
    for (const a of group) if (named.has(a)) common++;
    if (common * 2 > group.length && common * 2 > named.size) return true;
  }
  return false;
}

/**
 * Whether most of `accounts` (the members of a cluster that moved) were already named together in one earlier alert:
 * they are then part of a group already alerted, and a second alert about them would repeat it.
 */
export function alreadyNamed(earlier: readonly ReadonlySet<number>[], accounts: readonly number[]): boolean {
  for (const named of earlier) {
    let common = 0;
    for (const a of accounts) if (named.has(a)) common++;
    if (common * 2 > accounts.length) return true;
  }
  return false;
}
