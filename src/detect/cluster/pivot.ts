/**
 * Model-launch pivot alerts: a coordinated group that moves a large share of its traffic onto a model within hours
 * of its release (campaign C moved nearly half its traffic to a new model within a day), as opposed to evaluation
 * runners that add a burst of benchmark runs on the new model while their usual traffic continues.
 */
import { ownReleaseHours, type AccountSummary } from './account-summary.js';

/** Hours tracked before a release (for the baseline) and after it (for the pivot). */
export const PIVOT_HOURS_BEFORE = 24;
export const PIVOT_HOURS_AFTER = 72;
export const PIVOT_SLOTS = PIVOT_HOURS_BEFORE + PIVOT_HOURS_AFTER;
/**
 * Recent window over which the share on the new model is measured: the last 60 minutes (the current hour so far and
 * the matching part of the previous one, prorated), widened one hour at a time up to PIVOT_MAX_WINDOW_HOURS while it
 * holds fewer exchanges than asked for. A clock-hour window was empty right after each full hour, and a small
 * campaign's hour rarely held enough exchanges, so a move was called hours after it was plain.
 */
export const PIVOT_MAX_WINDOW_HOURS = 3;
/**
 * Share of the group's recent traffic on the new model that counts as a pivot: one exchange in five on a model released
 * under 72 h ago, by a cluster already confirmed as distillation, moved rather than added (see isPivot).
 */
export const PIVOT_SHARE = 0.2;
/**
 * A move made in the last minutes: the hourly reading above mixes a step move with the hour before it for up to an hour
 * (a group that moved all its traffic at once read 16% ten minutes later). So the newest exchanges are also kept per
 * 10 minutes, for the last RECENT_BINS such bins after the release, and a group whose newest MIN exchanges (the shortest
 * run of bins back from now that holds them) are mostly on the new model, its other traffic fallen, has moved
 * (isFreshMove). A majority, not one in five: a short reading is noisier, and a group that only tries the new model
 * beside its usual traffic does not put most of its newest exchanges there.
 */
export const RECENT_BIN_MS = 600_000;
export const RECENT_BINS = 6;
export const FRESH_MOVE_SHARE = 0.5;
/** Layout of an account's per-release counters: hourly [on, all] pairs, then the ring of [bin + 1, on, all]. */
const RING_AT = PIVOT_SLOTS * 2;
const COUNTERS = RING_AT + RECENT_BINS * 3;
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
    if (hours === undefined) ownReleaseHours(sum).set(r, (hours = new Uint32Array(COUNTERS)));
    const on = model === rel.model ? 1 : 0;
    hours[slot * 2 + 1] = (hours[slot * 2 + 1] ?? 0) + 1;
    hours[slot * 2] = (hours[slot * 2] ?? 0) + on;
    if (t < rel.at) continue;
    // The ring: bin b after the release in position b mod RECENT_BINS, tagged b + 1 (0: empty); a late exchange of a
    // bin already overwritten is left out.
    const bin = Math.floor((t - rel.at) / RECENT_BIN_MS);
    const at = RING_AT + (bin % RECENT_BINS) * 3;
    const tag = hours[at] ?? 0;
    if (tag > bin + 1) continue;
    if (tag < bin + 1) hours.set([bin + 1, 0, 0], at);
    hours[at + 1] = (hours[at + 1] ?? 0) + on;
    hours[at + 2] = (hours[at + 2] ?? 0) + 1;
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
  /** minutes the window spans */
  windowMinutes: number;
}

/** The pre-release hourly rate of a group on release `r` (exchanges per hour of the day before it the group was active). */
function baselineRate(members: readonly AccountSummary[], r: number, releaseAt: number): number {
  let before = 0;
  let beforeHours = 0;
  for (const m of members) {
    const hours = m.releaseHours.get(r);
    if (hours !== undefined) for (let s = 0; s < PIVOT_HOURS_BEFORE; s++) before += hours[s * 2 + 1] ?? 0;
    const startSlot = Math.floor((m.firstSeen - releaseAt) / HOUR) + PIVOT_HOURS_BEFORE;
    beforeHours = Math.max(beforeHours, PIVOT_HOURS_BEFORE - Math.max(0, startSlot));
  }
  return beforeHours > 0 ? before / beforeHours : 0;
}

/** A group's pre-release rate, computed when first asked for (a reading may take up to three measures of one group). */
type Baseline = () => number;

function baselineOf(members: readonly AccountSummary[], r: number, releaseAt: number): Baseline {
  let rate: number | undefined;
  return () => (rate ??= baselineRate(members, r, releaseAt));
}

/** Hourly sums of a group's counters (measurePivot), kept between calls: it runs for every member of every flagged group. */
const onSlot = new Float64Array(PIVOT_SLOTS);
const allSlot = new Float64Array(PIVOT_SLOTS);

function measureOf(onModel: number, recent: number, windowHours: number, baseRate: number, sinceRelease: number): PivotMeasure {
  const recentRate = recent / windowHours;
  const otherRate = (recent - onModel) / windowHours;
  return {
    share: onModel / recent,
    recent,
    otherRatio: baseRate > 0 ? otherRate / baseRate : 1,
    totalRatio: baseRate > 0 ? recentRate / baseRate : Infinity,
    hoursSinceRelease: sinceRelease,
    windowMinutes: Math.round(windowHours * 60),
  };
}

/**
 * Measures a group's pivot onto release `r` as of `now`, or null when outside the horizon or without traffic. The
 * window is the last hour, widened (never to before the release) until it holds `minExchanges` exchanges or
 * PIVOT_MAX_WINDOW_HOURS. With `sinceFirstOn`, never to before the hour of the group's first exchange on the new model
 * either, and that hour is taken whole before any other: the hours before a move can only dilute it. A thin group
 * (a few exchanges an hour over many accounts) widened over its busy pre-move hours read 2% an hour after two of its
 * accounts had moved together and the rest had gone quiet.
 */
export function measurePivot(
  members: readonly AccountSummary[],
  r: number,
  releaseAt: number,
  now: number,
  minExchanges = 0,
  sinceFirstOn = false,
  baseline: Baseline = baselineOf(members, r, releaseAt),
): PivotMeasure | null {
  const sinceRelease = (now - releaseAt) / HOUR;
  const endSlot = Math.floor(sinceRelease) + PIVOT_HOURS_BEFORE;
  if (endSlot < PIVOT_HOURS_BEFORE || endSlot >= PIVOT_SLOTS + 1) return null;
  onSlot.fill(0);
  allSlot.fill(0);
  // The window reaches back at most PIVOT_MAX_WINDOW_HOURS before the current hour, so only those hours are summed,
  // unless it may start at the group's first exchange on the new model (sinceFirstOn), which is looked for from the
  // release on. The counts are integers: the sums are exact, whichever hours are added.
  const firstSlot = sinceFirstOn ? PIVOT_HOURS_BEFORE : Math.max(PIVOT_HOURS_BEFORE, endSlot - PIVOT_MAX_WINDOW_HOURS);
  for (const m of members) {
    const hours = m.releaseHours.get(r);
    if (hours === undefined) continue;
    for (let s = firstSlot; s <= Math.min(endSlot, PIVOT_SLOTS - 1); s++) {
      onSlot[s] = (onSlot[s] ?? 0) + (hours[s * 2] ?? 0);
      allSlot[s] = (allSlot[s] ?? 0) + (hours[s * 2 + 1] ?? 0);
    }
  }
  // The current hour so far, then the previous hours: the first of them prorated to make up the last 60 minutes.
  const elapsed = endSlot < PIVOT_SLOTS ? sinceRelease - Math.floor(sinceRelease) : 0;
  let onModel = 0;
  let recent = 0;
  let windowHours = 0;
  const add = (slot: number, weight: number): void => {
    onModel += weight * (onSlot[slot] ?? 0);
    recent += weight * (allSlot[slot] ?? 0);
    windowHours += weight;
  };
  let floor = PIVOT_HOURS_BEFORE;
  if (sinceFirstOn) while (floor <= Math.min(endSlot, PIVOT_SLOTS - 1) && (onSlot[floor] ?? 0) === 0) floor++;
  if (endSlot < PIVOT_SLOTS) add(endSlot, elapsed);
  let slot = Math.min(endSlot, PIVOT_SLOTS) - 1;
  if (slot >= PIVOT_HOURS_BEFORE && elapsed < 1) {
    add(slot, 1 - elapsed);
    if (sinceFirstOn && slot >= floor && recent < minExchanges) add(slot, elapsed);
    slot--;
  }
  while (slot >= floor && recent < minExchanges && windowHours + 1 <= PIVOT_MAX_WINDOW_HOURS) add(slot--, 1);
  if (recent <= 0 || windowHours <= 0) return null;
  // Baseline: the part of the pre-release day the group was already active.
  return measureOf(onModel, recent, windowHours, baseline(), sinceRelease);
}

/**
 * Measures a group's newest exchanges on release `r` as of `now` (see RECENT_BINS): the 10-minute bins back from the
 * current one until they hold `minExchanges`, at most RECENT_BINS of them; null when they never do (the hourly reading
 * then stands alone) or outside the horizon.
 */
export function measureFreshMove(
  members: readonly AccountSummary[],
  r: number,
  releaseAt: number,
  now: number,
  minExchanges: number,
  baseline: Baseline = baselineOf(members, r, releaseAt),
): PivotMeasure | null {
  const sinceRelease = (now - releaseAt) / HOUR;
  if (sinceRelease < 0 || sinceRelease > PIVOT_HOURS_AFTER) return null;
  const current = Math.floor((now - releaseAt) / RECENT_BIN_MS);
  const on = new Float64Array(RECENT_BINS);
  const all = new Float64Array(RECENT_BINS);
  for (const m of members) {
    const hours = m.releaseHours.get(r);
    if (hours === undefined) continue;
    for (let back = 0; back < RECENT_BINS && back <= current; back++) {
      const at = RING_AT + ((current - back) % RECENT_BINS) * 3;
      if (hours[at] !== current - back + 1) continue;
      on[back] = (on[back] ?? 0) + (hours[at + 1] ?? 0);
      all[back] = (all[back] ?? 0) + (hours[at + 2] ?? 0);
    }
  }
  let onModel = 0;
  let recent = 0;
  for (let back = 0; back < RECENT_BINS && back <= current; back++) {
    onModel += on[back] ?? 0;
    recent += all[back] ?? 0;
    if (recent < minExchanges) continue;
    const windowHours = (now - (releaseAt + (current - back) * RECENT_BIN_MS)) / HOUR;
    return measureOf(onModel, recent, windowHours, baseline(), sinceRelease);
  }
  return null;
}

/**
 * Whether a measure is a pivot: a large share of recent traffic on the new model, with the traffic moved rather than
 * added (the other models' rate fell, or the total stayed near its baseline). Evaluation runners re-running
 * benchmarks add a burst on top of their usual traffic, which this rejects.
 */
export function isPivot(m: PivotMeasure, minExchanges: number): boolean {
  if (m.recent < minExchanges || m.share < PIVOT_SHARE) return false;
  return moved(m);
}

/** Whether a reading of the newest exchanges (measureFreshMove) is a move: most of them on the new model, moved. */
export function isFreshMove(m: PivotMeasure, minExchanges: number): boolean {
  return m.recent >= minExchanges && m.share >= FRESH_MOVE_SHARE && moved(m);
}

function moved(m: PivotMeasure): boolean {
  return m.otherRatio <= 0.85 || m.totalRatio <= 1.5;
}

/**
 * A group's move onto release `r` as of `now`, or null: the hourly reading (measurePivot, isPivot); when that had to be
 * widened, the same reading over the hours since the group's first exchange on the new model (sinceFirstOn); else the
 * reading of its newest exchanges (measureFreshMove, isFreshMove). Neither of the last two is taken when the hourly
 * reading shows the traffic added rather than moved:
 * evaluation runners carried in a reseller's cluster ran a burst on the new model (other models 8x, total 32x their
 * pre-release rate over the hour) whose last 10 minutes happened to hold almost nothing else, and that read as a move.
 */
export function pivotReading(
  members: readonly AccountSummary[],
  r: number,
  releaseAt: number,
  now: number,
  minExchanges: number,
): PivotMeasure | null {
  const baseline = baselineOf(members, r, releaseAt);
  const hourly = measurePivot(members, r, releaseAt, now, minExchanges, false, baseline);
  if (hourly !== null && isPivot(hourly, minExchanges)) return hourly;
  if (hourly !== null && !moved(hourly)) return null;
  if (hourly !== null && hourly.windowMinutes > 60) {
    const since = measurePivot(members, r, releaseAt, now, minExchanges, true, baseline);
    if (since !== null && isPivot(since, minExchanges)) return since;
  }
  const fresh = measureFreshMove(members, r, releaseAt, now, minExchanges, baseline);
  return fresh !== null && isFreshMove(fresh, minExchanges) ? fresh : null;
}
