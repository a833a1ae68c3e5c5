/**
 * How many distinct values (IPs, subnets, user agents, templates) an account has used, in bounded memory: exact up
 * to `k` values, then a k-minimum-values estimate (relative error about 1/sqrt(k)).
 */
import { fnv1a32 } from '../signals/hash.js';

export class DistinctCount {
  private readonly mins: number[] = [];
  constructor(private readonly k = 64) {}

  add(value: string): void {
    this.addHash(fnv1a32(value));
  }

  addHash(h: number): void {
    const mins = this.mins;
    if (mins.length >= this.k && h >= mins[mins.length - 1]!) return;
    // Binary search for the insertion point; duplicates are ignored.
    let lo = 0;
    let hi = mins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mins[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    if (mins[lo] === h) return;
    mins.splice(lo, 0, h);
    if (mins.length > this.k) mins.pop();
  }

  /** Distinct values seen (exact below k). */
  estimate(): number {
    const mins = this.mins;
    if (mins.length < this.k) return mins.length;
    return ((this.k - 1) * 4294967296) / (mins[mins.length - 1]! + 1);
  }
}
