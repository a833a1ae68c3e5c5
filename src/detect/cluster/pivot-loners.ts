/**
 * Pivot loners: accounts judged distillation that no flagged cluster and no pivot cohort answers for (flagged on their
 * own evidence, alone or in a cluster that is not flagged). Their moves were never tested: in calibration world 204
 * (payment removed) the agentic harvest's first five accounts to move, four of them judged distillation hours before,
 * sat in no cluster or in a two-account benign one, and its first alert came 4.4 h after its move, when accounts of a
 * flagged cluster followed. Nothing in the graph ties such accounts; what does is the move itself: several accounts
 * already judged distillation taking up the new model within the same few hours, most of each one's traffic moved
 * there. Each such wave of PIVOT_GROUP_MIN_ACCOUNTS or more is named (only judged accounts), and no account twice.
 */
import type { AccountSummary } from './account-summary.js';
import type { PivotBasis } from './index.js';
import { FRESH_MOVE_SHARE, measurePivot, PIVOT_HOURS_BEFORE, PIVOT_MAX_WINDOW_HOURS, PIVOT_SLOTS } from './pivot.js';
import { PIVOT_GROUP_MIN_ACCOUNTS } from './pivot-groups.js';

const HOUR = 3_600_000;
/**
 * A wave: accounts whose first exchange on the new model fell in the last WAVE_HOURS clock hours since the release (the
 * current one included), as long as the longest reading a group's move is taken over.
 */
export const WAVE_HOURS = PIVOT_MAX_WINDOW_HOURS;
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
    who: 'accounts judged distillation that no flagged cluster holds',
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

/**
 * The accounts of a wave that moved: most (FRESH_MOVE_SHARE) of their own latest traffic (the last hour, widened to
 * their last exchange up to PIVOT_MAX_WINDOW_HOURS) on the new model. A wave's accounts are active now by construction,
 * so its rate against the group's average pre-release hour reads every wave as traffic added (isPivot's "moved, not
 * added"); an account that only adds a burst beside its usual traffic does not put most of its own traffic there.
 */
export function waveMovers(wave: readonly AccountSummary[], r: number, releaseAt: number, now: number): AccountSummary[] {
  return wave.filter((s) => {
    const own = measurePivot([s], r, releaseAt, now, 1);
    return own !== null && own.share >= FRESH_MOVE_SHARE;
  });
}
