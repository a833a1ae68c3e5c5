/**
 * When an account began its work, as far as the log can tell. A log (or a gateway's detection) that begins mid-life
 * sees every account already at work send its "first" request in its first minutes or hours, the busiest first: that
 * is when the log began, not when the account began, and busy accounts seen at the log's start are no wave of starts.
 * The first request the log holds is a start only when the account signed up after the log began (its sign-up time
 * from the accounts file), or when the log was open long enough before it that an account already at work at its own
 * pace would almost surely have shown up sooner (the silence between the log's start and its first request is
 * unlikely unless it had not begun).
 */
import type { AccountSummary } from './account-summary.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Exchanges an account at work since before the log began would have sent, at its own pace, between the log's start
 * and its first request, at or above which the silence says it had not begun: P(no exchange) = e^-3, about 5%.
 */
export const START_SILENCE_EXPECTED = 3;

export type ActivityShape = Pick<AccountSummary, 'firstSeen' | 'lastSeen' | 'exchanges' | 'hours'>;

/**
 * The exchanges the account would have sent between `logStart` and its first request had it been at work all along at
 * the pace the log shows (its exchanges spread over the time from the log's start to its last request). Hour by hour
 * of the day when the account has been seen for a day or more (an office-hours user seen first in the evening of the
 * log's first day was not silent all day, only outside its hours); evenly before that (its hours are not known yet).
 */
export function expectedBeforeFirst(sum: ActivityShape, logStart: number): number {
  const silent = sum.firstSeen - logStart;
  const span = sum.lastSeen - logStart;
  if (!(silent > 0) || !(span > 0) || sum.exchanges <= 0) return 0;
  if (sum.lastSeen - sum.firstSeen < DAY) return (sum.exchanges * silent) / span;
  // Per hour of the day: its count over the days from the log's start to its last request (at least one).
  const days = Math.max(1, span / DAY);
  const wholeDays = Math.floor(silent / DAY);
  let expected = (wholeDays * sum.exchanges) / days;
  for (let t = logStart + wholeDays * DAY; t < sum.firstSeen; ) {
    const next = Math.min(sum.firstSeen, (Math.floor(t / HOUR) + 1) * HOUR);
    expected += (((sum.hours[Math.floor(t / HOUR) % 24] ?? 0) / days) * (next - t)) / HOUR;
    t = next;
  }
  return expected;
}

/**
 * The time the account began work as far as the log shows (its first request in the log), or NaN when the log cannot
 * tell it from an account already at work when the log began. `created` is its sign-up time (NaN when unknown).
 */
export function observedStart(sum: ActivityShape, logStart: number, created: number): number {
  if (created >= logStart) return sum.firstSeen;
  return expectedBeforeFirst(sum, logStart) >= START_SILENCE_EXPECTED ? sum.firstSeen : NaN;
}

/** The earliest first request of `summaries`: when the log (or detection) began. */
export function logStartOf(summaries: Iterable<Pick<AccountSummary, 'firstSeen'>>): number {
  let start = Infinity;
  for (const s of summaries) if (s.firstSeen < start) start = s.firstSeen;
  return start;
}
