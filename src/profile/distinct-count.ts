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
    return estimateOf(mins.length, mins[mins.length - 1] ?? 0, this.k);
  }

  /** Distinct values seen by this count or `other` (built with the same k): their k smallest hashes merged, in place. */
  estimateWith(other: DistinctCount): number {
    const a = this.mins;
    const b = other.mins;
    let i = 0;
    let j = 0;
    let n = 0;
    let last = 0;
    while (n < this.k && (i < a.length || j < b.length)) {
      const x = a[i] ?? Infinity;
      const y = b[j] ?? Infinity;
      if (x <= y) i++;
      if (y <= x) j++;
      last = Math.min(x, y);
      n++;
    }
    return estimateOf(n, last, this.k);
  }
}

/** The estimate from `n` smallest hashes, the largest of them `largest`. */
function estimateOf(n: number, largest: number, k: number): number {
  if (n < k) return n;
  return ((k - 1) * 4294967296) / (largest + 1);
}
