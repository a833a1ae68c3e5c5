/** When the independent source's accounts send: human sessions on a daily curve, steady machines, sweeps, crons. */
import type { Dice } from './rand.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Local hours a session may start in, by habit. */
const CURVES = {
  office: [9, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 17],
  evening: [7, 12, 18, 19, 20, 20, 21, 21, 22, 22, 23, 23],
  student: [10, 14, 15, 16, 19, 20, 21, 22, 22, 23, 23, 0, 1],
  any: Array.from({ length: 24 }, (_, h) => h),
} as const;
export type Curve = keyof typeof CURVES;

export interface SessionPlan {
  perDay: number;
  perSession: number;
  /** Mean seconds between requests of a session. */
  gapSeconds: number;
  curve: Curve;
  /** UTC offset in hours. */
  tz: number;
  /** Weekend activity relative to weekdays. */
  weekend: number;
}

/** Sessions day by day; every time lies in [from, to). */
export function sessionTimes(d: Dice, from: number, to: number, plan: SessionPlan): number[] {
  const out: number[] = [];
  const firstDay = Math.floor(from / DAY_MS) * DAY_MS;
  for (let day = firstDay; day < to; day += DAY_MS) {
    const weekday = (new Date(day).getUTCDay() + 6) % 7;
    const rate = (plan.perDay / plan.perSession) * (weekday >= 5 ? plan.weekend : 1);
    let sessions = Math.floor(rate) + (d.yes(rate - Math.floor(rate)) ? 1 : 0);
    while (sessions-- > 0) {
      const hour = d.one(CURVES[plan.curve]);
      let t = day + (hour - plan.tz) * HOUR_MS + d.float() * HOUR_MS;
      const n = Math.max(1, Math.round(d.around(plan.perSession, 0.6)));
      for (let k = 0; k < n; k++) {
        if (t >= from && t < to) out.push(t);
        t += d.gap(plan.gapSeconds * 1000) + 1500;
      }
    }
  }
  return out.sort((a, b) => a - b);
}

/** A machine that never sleeps: requests at exponential gaps around the clock. */
export function steadyTimes(d: Dice, from: number, to: number, perDay: number): number[] {
  const out: number[] = [];
  for (let t = from + d.gap(DAY_MS / perDay); t < to; t += d.gap(DAY_MS / perDay)) out.push(t);
  return out;
}

/** Runs of `items` requests back to back (an evaluation sweep or a batch job) starting at each of `starts`. */
export function runTimes(d: Dice, starts: readonly number[], items: number, gapSeconds: number, to: number): number[] {
  const out: number[] = [];
  for (const s of starts) {
    let t = s;
    for (let k = 0; k < items && t < to; k++) {
      out.push(t);
      t += d.around(gapSeconds * 1000, 0.4);
    }
  }
  return out.sort((a, b) => a - b);
}
