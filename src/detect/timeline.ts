/**
 * Traffic over time split by the verdict its account had when each exchange arrived (what an operator watching
 * live would have seen), in hourly buckets: memory grows with the hours a log spans, not with its exchanges.
 */
import type { Verdict } from './report.js';

const HOUR = 3_600_000;

export interface TimelineBucket {
  /** Start of the hour, ms since the epoch. */
  t: number;
  benign: number;
  suspicious: number;
  distillation: number;
}

export class Timeline {
  private readonly buckets = new Map<number, TimelineBucket>();
  private last: TimelineBucket | null = null;

  add(t: number, verdict: Verdict): void {
    const start = Math.floor(t / HOUR) * HOUR;
    let b = this.last && this.last.t === start ? this.last : this.buckets.get(start);
    if (!b) {
      b = { t: start, benign: 0, suspicious: 0, distillation: 0 };
      this.buckets.set(start, b);
    }
    b[verdict]++;
    this.last = b;
  }

  series(): TimelineBucket[] {
    return [...this.buckets.values()].sort((a, b) => a.t - b.t);
  }
}
