/**
 * Model-launch pivot alerts: a coordinated group that moves a large share of its traffic onto a model within hours
 * of its release (campaign C moved nearly half its traffic to a new model within a day), as opposed to evaluation
 * runners that add a burst of benchmark runs on the new model while their usual traffic continues.
 */
import type { AccountSummary } from './account-summary.js';

/** Hours tracked before a release (for the baseline) and after it (for the pivot). */
export const PIVOT_HOURS_BEFORE = 24;
export const PIVOT_HOURS_AFTER = 72;
export const PIVOT_SLOTS = PIVOT_HOURS_BEFORE + PIVOT_HOURS_AFTER;
/** Recent window over which the share on the new model is measured. */
export const PIVOT_WINDOW_HOURS = 1;
/** Share of the group's recent traffic on the new model that counts as a pivot. */
export const PIVOT_SHARE = 0.3;
const HOUR = 3_600_000;

/** Counts one exchange into the per-release hourly counters of an account (called per exchange, cheap). */
export function recordReleaseHour(
  sum: AccountSummary,
  releases: readonly { model: string; at: number }[],
  t: number,
  model: string,
): void {
  for (let r = 0; r < releases.length; r++) {
    const rel = releases[r];
    if (rel === undefined) continue;
    const slot = Math.floor((t - rel.at) / HOUR) + PIVOT_HOURS_BEFORE;
    if (slot < 0 || slot >= PIVOT_SLOTS) continue;
    let hours = sum.releaseHours.get(r);
    if (hours === undefined) sum.releaseHours.set(r, (hours = new Uint32Array(PIVOT_SLOTS * 2)));
    hours[slot * 2 + 1] = (hours[slot * 2 + 1] ?? 0) + 1;
    if (model === rel.model) hours[slot * 2] = (hours[slot * 2] ?? 0) + 1;
  }
}

export interface PivotMeasure {
  /** share of the group's traffic in the recent window on the new model */
  share: number;
  /** exchanges of the group in the recent window */
  recent: number;
  /** recent hourly rate on other models divided by the pre-release hourly rate (below 1: traffic moved away) */
  otherRatio: number;
  /** recent hourly rate over the pre-release hourly rate */
  totalRatio: number;
  /** hours since release at the end of the window */
  hoursSinceRelease: number;
}

/** Measures a group's pivot onto release `r` as of `now`, or null when outside the horizon or without traffic. */
export function measurePivot(
  members: readonly AccountSummary[],
  r: number,
  releaseAt: number,
  now: number,
): PivotMeasure | null {
  const endSlot = Math.floor((now - releaseAt) / HOUR) + PIVOT_HOURS_BEFORE;
  if (endSlot < PIVOT_HOURS_BEFORE || endSlot >= PIVOT_SLOTS + 1) return null;
  const from = Math.max(PIVOT_HOURS_BEFORE, endSlot - PIVOT_WINDOW_HOURS + 1);
  let onModel = 0;
  let recent = 0;
  let before = 0;
  let beforeHours = 0;
  for (const m of members) {
    const hours = m.releaseHours.get(r);
    if (hours === undefined) continue;
    for (let s = from; s <= Math.min(endSlot, PIVOT_SLOTS - 1); s++) {
      onModel += hours[s * 2] ?? 0;
      recent += hours[s * 2 + 1] ?? 0;
    }
    for (let s = 0; s < PIVOT_HOURS_BEFORE; s++) before += hours[s * 2 + 1] ?? 0;
  }
  // Baseline hours: the part of the pre-release day the group was already active.
  for (const m of members) {
    const startSlot = Math.floor((m.firstSeen - releaseAt) / HOUR) + PIVOT_HOURS_BEFORE;
    beforeHours = Math.max(beforeHours, PIVOT_HOURS_BEFORE - Math.max(0, startSlot));
  }
  if (recent === 0) return null;
  const windowHours = Math.min(endSlot, PIVOT_SLOTS - 1) - from + 1;
  const baseRate = beforeHours > 0 ? before / beforeHours : 0;
  const recentRate = recent / windowHours;
  const otherRate = (recent - onModel) / windowHours;
  return {
    share: onModel / recent,
    recent,
    otherRatio: baseRate > 0 ? otherRate / baseRate : 1,
    totalRatio: baseRate > 0 ? recentRate / baseRate : Infinity,
    hoursSinceRelease: (now - releaseAt) / HOUR,
  };
}

/**
 * Whether a measure is a pivot: a large share of recent traffic on the new model, with the traffic moved rather than
 * added (the other models' rate fell, or the total stayed near its baseline). Evaluation runners re-running
 * benchmarks add a burst on top of their usual traffic, which this rejects.
 */
export function isPivot(m: PivotMeasure, minExchanges: number): boolean {
  if (m.recent < minExchanges || m.share < PIVOT_SHARE) return false;
  return m.otherRatio <= 0.85 || m.totalRatio <= 1.5;
}
