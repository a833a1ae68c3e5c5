/**
 * Pivot cohorts: the accounts a cluster verdict confirmed as distillation that sit in no flagged cluster now, gathered
 * by the cluster that confirmed them. A campaign's confirmed accounts drift out of the flagged clusters as the graph
 * changes (their links age, a thin account's few exchanges tie it to nobody new): in calibration world 209, 37 of a
 * reasoning harvest's 57 confirmed accounts were in no flagged cluster when it moved, so only the 14 that were
 * answered for its move, and their reading was too thin to call it for 3 hours. The cluster that confirmed them is
 * what still ties them: they were judged one operator's then, and a fleet moves to a new model together.
 */
import type { AccountSummary } from './account-summary.js';
import type { ConfirmedMember } from './footprint.js';
import type { PivotBasis } from './index.js';
import { PIVOT_GROUP_MIN_ACCOUNTS } from './pivot-groups.js';

/**
 * Accounts of a cohort that must have moved themselves for its move to be alerted: a cohort is held together only by
 * an earlier verdict, and one account trying the new model is no fleet moving.
 */
export const COHORT_MIN_MOVERS = 2;

const COHORT_PREFIX = 'cohort:';

/** A cohort's id: its own (never an existing cluster's), naming the cluster that confirmed its accounts. */
export const cohortId = (confirmedBy: string): string => `${COHORT_PREFIX}${confirmedBy}`;

/** The cluster a cohort's id names, or null when `id` is not a cohort's (stable-ids.ts renames it). */
export const cohortConfirmedBy = (id: string): string | null => (id.startsWith(COHORT_PREFIX) ? id.slice(COHORT_PREFIX.length) : null);

/**
 * The pivot bases of the cohorts (see above): the confirmed accounts outside `tested` (the members of every flagged
 * cluster's pivot basis at this refresh), by confirming cluster, PIVOT_GROUP_MIN_ACCOUNTS or more of them. Each is
 * tested as a whole (harvesters and everyone are the cohort; no sub-groups).
 */
export function pivotCohorts(
  confirmed: ReadonlyMap<number, ConfirmedMember>,
  tested: ReadonlySet<number>,
  summaries: readonly (AccountSummary | undefined)[],
): PivotBasis[] {
  const byCluster = new Map<string, AccountSummary[]>();
  for (const [idx, c] of confirmed) {
    const sum = summaries[idx];
    if (sum === undefined || tested.has(idx)) continue;
    let cohort = byCluster.get(c.cluster);
    if (cohort === undefined) byCluster.set(c.cluster, (cohort = []));
    cohort.push(sum);
  }
  const out: PivotBasis[] = [];
  for (const [cluster, accounts] of byCluster) {
    if (accounts.length < PIVOT_GROUP_MIN_ACCOUNTS) continue;
    accounts.sort((a, b) => a.idx - b.idx);
    out.push({
      id: cohortId(cluster),
      // The alert's cluster field names the confirming cluster (as the analyst knows it, after stable-ids.ts).
      who: `the cohort (${accounts.length} accounts confirmed by one cluster, in no flagged cluster now)`,
      harvesters: accounts,
      everyone: accounts,
      groups: [],
      minMovers: COHORT_MIN_MOVERS,
    });
  }
  return out;
}
