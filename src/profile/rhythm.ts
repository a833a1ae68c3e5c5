/**
 * When an account works: its rate, peak hour, how much of its lifetime it is active (duty cycle), whether its
 * traffic follows a human day (a quiet stretch of night) or runs 24/7 at machine pace, and how regular or bursty
 * the gaps between its requests are. Fixed memory: a 24-bin hour-of-day histogram and running moments.
 */
import { slabUint32Array } from './slab-arrays.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RhythmFeatures {
  exchanges: number;
  spanHours: number;
  activeHours: number;
  /** Active hours over hours spanned (1 = active every hour of its life). */
  dutyCycle: number;
  /** Exchanges per active hour. */
  ratePerActiveHour: number;
  peakHourCount: number;
  peakDayCount: number;
  activeDays: number;
  /** Share of traffic in the account's quietest 8 consecutive hours of the day (0 human night .. 1/3 flat 24/7). */
  quietWindowShare: number;
  /** Coefficient of variation of gaps under one hour (0 = metronome, 1 = Poisson, >1 = bursty). */
  gapCv: number;
  /** Goh-Barabasi burstiness of all gaps, -1 (periodic) .. 1 (bursty). */
  burstiness: number;
}

export class Rhythm {
  private n = 0;
  private first = 0;
  private last = 0;
  private readonly hourOfDay = slabUint32Array(24);
  private hourBucket = -1;
  private hourCount = 0;
  private activeHours = 0;
  private peakHour = 0;
  private dayBucket = -1;
  private dayCount = 0;
  private activeDays = 0;
  private peakDay = 0;
  // Welford moments of short gaps (seconds) and of all gaps.
  private sn = 0;
  private sMean = 0;
  private sM2 = 0;
  private an = 0;
  private aMean = 0;
  private aM2 = 0;

  observe(t: number): void {
    if (this.n === 0) this.first = t;
    else {
      const gap = Math.max(0, t - this.last) / 1000;
      this.an++;
      const da = gap - this.aMean;
      this.aMean += da / this.an;
      this.aM2 += da * (gap - this.aMean);
      if (gap < 3600) {
        this.sn++;
        const ds = gap - this.sMean;
        this.sMean += ds / this.sn;
        this.sM2 += ds * (gap - this.sMean);
      }
    }
    this.n++;
    this.last = t;
    this.hourOfDay[Math.floor((t % DAY) / HOUR)]!++;
    const hb = Math.floor(t / HOUR);
    if (hb !== this.hourBucket) {
      this.hourBucket = hb;
      this.hourCount = 0;
      this.activeHours++;
    }
    this.hourCount++;
    if (this.hourCount > this.peakHour) this.peakHour = this.hourCount;
    const db = Math.floor(t / DAY);
    if (db !== this.dayBucket) {
      this.dayBucket = db;
      this.dayCount = 0;
      this.activeDays++;
    }
    this.dayCount++;
    if (this.dayCount > this.peakDay) this.peakDay = this.dayCount;
  }

  get firstSeen(): number {
    return this.first;
  }

  get lastSeen(): number {
    return this.last;
  }

  features(): RhythmFeatures {
    const spanHours = this.n === 0 ? 0 : Math.floor(this.last / HOUR) - Math.floor(this.first / HOUR) + 1;
    let quiet = 1;
    if (this.n > 0) {
      let window = 0;
      for (let h = 0; h < 8; h++) window += this.hourOfDay[h]!;
      let min = window;
      for (let h = 1; h < 24; h++) {
        window += this.hourOfDay[(h + 7) % 24]! - this.hourOfDay[h - 1]!;
        if (window < min) min = window;
      }
      quiet = min / this.n;
    }
    const sStd = this.sn > 1 ? Math.sqrt(this.sM2 / (this.sn - 1)) : 0;
    const aStd = this.an > 1 ? Math.sqrt(this.aM2 / (this.an - 1)) : 0;
    return {
      exchanges: this.n,
      spanHours,
      activeHours: this.activeHours,
      dutyCycle: spanHours > 0 ? this.activeHours / spanHours : 0,
      ratePerActiveHour: this.activeHours > 0 ? this.n / this.activeHours : 0,
      peakHourCount: this.peakHour,
      peakDayCount: this.peakDay,
      activeDays: this.activeDays,
      quietWindowShare: quiet,
      gapCv: this.sn > 1 && this.sMean > 0 ? sStd / this.sMean : 1,
      burstiness: aStd + this.aMean > 0 ? (aStd - this.aMean) / (aStd + this.aMean) : 0,
    };
  }
}
