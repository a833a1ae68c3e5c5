/**
 * Session timing: people open a session at times that follow their daily rhythm, send a few requests with think time
 * between them (log-normal: mostly tens of seconds, sometimes minutes), then leave. Attack campaigns reuse it with
 * machine-like parameters and a fake rhythm.
 */
import { MINUTE, nextRhythmic, rhythmMax, type Rhythm } from './clock.js';
import type { Rng } from './rng.js';

export interface SessionOptions {
  rhythm: Rhythm;
  /** Mean sessions per day. */
  sessionsPerDay: number;
  /** Mean exchanges per session (geometric, at least 1). */
  perSession: number;
  /** Median seconds between exchanges of a session (think time plus reading the answer). */
  thinkSeconds: number;
  /** Log-space spread of think time. */
  thinkSigma?: number;
  /** The clock starts at this time and stops at `end`. */
  from: number;
  end: number;
}

export class SessionClock {
  private left = 0;
  /** True when the last `next` opened a new session. */
  newSession = false;
  /** Sessions opened so far. */
  sessions = 0;
  private readonly max: number;

  constructor(
    private readonly rng: Rng,
    private readonly o: SessionOptions,
  ) {
    this.max = rhythmMax(o.rhythm);
  }

  next(after: number): number | null {
    const start = Math.max(after, this.o.from);
    if (this.left > 0 && after >= this.o.from) {
      this.left--;
      const t = after + this.rng.lognormal(this.o.thinkSeconds * 1000, this.o.thinkSigma ?? 0.9) + 200;
      if (t < this.o.end && t - after < 3 * 60 * MINUTE) {
        this.newSession = false;
        return t;
      }
    }
    const t = nextRhythmic(this.rng, this.o.rhythm, this.max, start, this.o.sessionsPerDay, this.o.end);
    if (t === null) return null;
    this.sessions++;
    this.newSession = true;
    // Geometric session length with the given mean.
    const p = 1 / Math.max(1, this.o.perSession);
    let n = 1;
    while (this.rng.next() > p && n < 400) n++;
    this.left = n - 1;
    return t;
  }
}
