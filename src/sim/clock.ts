/**
 * Human and fake-human time: how activity varies with the local hour and the weekday, per account time zone.
 * Real users sleep, work office hours and slow down at weekends; the simulator draws event times from these curves
 * (by thinning a Poisson process) so that a detector sees genuine daily rhythms, and attackers can imitate them.
 */
import type { Rng } from './rng.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

/** Relative activity by local hour for people (consumer use: late evening heavy). Mean about 1. */
export const CONSUMER_HOURS = [
  0.45, 0.25, 0.12, 0.07, 0.05, 0.06, 0.15, 0.4, 0.8, 1.1, 1.3, 1.35, 1.25, 1.3, 1.4, 1.4, 1.35, 1.3, 1.3, 1.45, 1.6,
  1.6, 1.35, 0.9,
] as const;

/** Relative activity by local hour for work use (office hours, lunch dip). */
export const OFFICE_HOURS = [
  0.08, 0.05, 0.03, 0.03, 0.03, 0.05, 0.15, 0.5, 1.3, 2.0, 2.2, 2.0, 1.4, 1.9, 2.2, 2.1, 1.9, 1.5, 0.9, 0.6, 0.55,
  0.5, 0.35, 0.15,
] as const;

/** Weekday factors, Monday first. */
export const WORK_WEEK = [1.1, 1.15, 1.15, 1.1, 1.0, 0.3, 0.25] as const;
export const CONSUMER_WEEK = [0.95, 0.95, 1.0, 1.0, 1.0, 1.05, 1.05] as const;
export const FLAT_WEEK = [1, 1, 1, 1, 1, 1, 1] as const;

export interface Rhythm {
  hours: readonly number[];
  week: readonly number[];
  /** UTC offset of the account's local time, in hours. */
  tz: number;
}

/** Activity weight of a rhythm at time t (ms since epoch). */
export function rhythmWeight(r: Rhythm, t: number): number {
  const local = t + r.tz * HOUR;
  const hour = Math.floor(local / HOUR) % 24;
  // 1970-01-01 was a Thursday: index 3 with Monday = 0.
  const weekday = (Math.floor(local / DAY) + 3) % 7;
  return (r.hours[(hour + 24) % 24] ?? 1) * (r.week[(weekday + 7) % 7] ?? 1);
}

export function rhythmMax(r: Rhythm): number {
  return Math.max(...r.hours) * Math.max(...r.week);
}

/**
 * Next event of a Poisson process whose rate follows the rhythm, with `perDay` events per day on average over a
 * week (Lewis-Shedler thinning). Returns null when it passes `end`.
 */
export function nextRhythmic(rng: Rng, r: Rhythm, max: number, after: number, perDay: number, end: number): number | null {
  const mean = r.hours.reduce((a, b) => a + b, 0) / 24 * (r.week.reduce((a, b) => a + b, 0) / 7);
  const peakRate = (perDay * max) / mean / DAY; // events per ms at peak
  if (peakRate <= 0) return null;
  let t = after;
  for (let guard = 0; guard < 10_000; guard++) {
    t += rng.exponential(1 / peakRate);
    if (t >= end) return null;
    if (rng.next() * max < rhythmWeight(r, t)) return t;
  }
  return null;
}

/** Time zone offsets (hours) of the countries the simulator uses. */
export const COUNTRY_TZ: Record<string, number> = {
  US: -6, CA: -5, BR: -3, MX: -6, GB: 0, IE: 0, DE: 1, FR: 1, NL: 1, ES: 1, IT: 1, PL: 1, SE: 1, CH: 1, UA: 2,
  IL: 2, TR: 3, AE: 4, IN: 5.5, SG: 8, CN: 8, HK: 8, TW: 8, JP: 9, KR: 9, AU: 10, NZ: 12, VN: 7, ID: 7, RU: 3,
  NG: 1, ZA: 2, EG: 2, AR: -3, CO: -5,
};

/** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` (kept for one place to change the format). */
export function iso(t: number): string {
  return new Date(Math.round(t)).toISOString();
}
