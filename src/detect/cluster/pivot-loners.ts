/**
 * Pivot loners: accounts judged distillation that no flagged cluster and no pivot cohort answers for (flagged on their
 * own evidence, alone or in a cluster that is not flagged). Their moves were never tested: in calibration world 204
 * (payment removed) the agentic harvest's first five accounts to move, four of them judged distillation hours before,
 * sat in no cluster or in a two-account benign one, and its first alert came 4.4 h after its move, when accounts of a
 * flagged cluster followed. Nothing in the graph ties such accounts; what does is the move itself: several accounts
 * already judged distillation taking up the new model within the same two hours. Each such wave is tested as a group
 * and named (only the accounts that moved themselves, all judged); a wave already named is not alerted again.
 */
import type { AccountSummary } from './account-summary.js';
import type { PivotBasis } from './index.js';
import { PIVOT_HOURS_BEFORE, PIVOT_SLOTS } from './pivot.js';
import { PIVOT_GROUP_MIN_ACCOUNTS } from './pivot-groups.js';

const HOUR = 3_600_000;
/** A wave: accounts whose first exchange on the new model fell in the current clock hour since the release or the one before. */
export const WAVE_HOURS = 2;
export const LONERS_ID = 'loners';

/**
 * The pivot basis of the loners: every account judged distillation (`judged`) outside `tested` (the members of every
 * flagged cluster's and cohort's basis at this refresh); null when there are fewer than PIVOT_GROUP_MIN_ACCOUNTS.
 */
export function pivotLoners(
  summaries: readonly (AccountSummary | undefined)[],
  judged: (sum: AccountSummary) => boolean,
  tested: ReadonlySet<number>,
): PivotBasis | null {
  const loners = summaries.filter((s): s is AccountSummary => s !== undefined && !tested.has(s.idx) && judged(s));
  if (loners.length < PIVOT_GROUP_MIN_ACCOUNTS) return null;
  return {
    id: LONERS_ID,
    who: 'accounts judged distillation that no flagged cluster holds, moving together',
    harvesters: loners,
    everyone: loners,
    groups: [],
    minMovers: PIVOT_GROUP_MIN_ACCOUNTS,
    waves: true,
  };
}

/** The accounts of `pool` whose first exchange on release `r` fell within the last WAVE_HOURS clock hours after it. */
export function waveOf(pool: readonly AccountSummary[], r: number, releaseAt: number, now: number): AccountSummary[] {
  const current = Math.floor((now - releaseAt) / HOUR) + PIVOT_HOURS_BEFORE;
  const from = Math.max(PIVOT_HOURS_BEFORE, current - WAVE_HOURS + 1);
  return pool.filter((s) => {
    const hours = s.releaseHours.get(r);
    if (hours === undefined) return false;
    for (let slot = PIVOT_HOURS_BEFORE; slot <= Math.min(current, PIVOT_SLOTS - 1); slot++) {
      if ((hours[slot * 2] ?? 0) > 0) return slot >= from;
    }
    return false;
  });
}
