/**
 * How many distinct values (IPs, subnets, user agents, templates) an account has used, in bounded memory: exact up
 * to `k` values, then a k-minimum-values estimate (relative error about 1/sqrt(k)).
 */
import { fnv1a32 } from '../signals/hash.js';

export class DistinctCount {
  /** The smallest hashes seen, ascending, in `mins[0..length)`: a typed array, not an array of (heap) numbers. */
  private mins: Uint32Array;
  private length = 0;

  constructor(private readonly k = 64) {
    this.mins = new Uint32Array(Math.min(k, 4));
  }

  add(value: string): void {
    this.addHash(fnv1a32(value));
  }

  addHash(hash: number): void {
    const h = hash >>> 0;
    const n = this.length;
    if (n >= this.k && h >= this.mins[n - 1]!) return;
    // Binary search for the insertion point; duplicates are ignored.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.mins[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    if (lo < n && this.mins[lo] === h) return;
    // Most accounts use few distinct values: the array starts small and doubles up to k.
    if (n === this.mins.length && n < this.k) {
      const grown = new Uint32Array(Math.min(this.k, n * 2));
      grown.set(this.mins);
      this.mins = grown;
    }
    const kept = Math.min(n, this.k - 1);
    this.mins.copyWithin(lo + 1, lo, kept);
    this.mins[lo] = h;
    this.length = kept + 1;
  }

  /** Distinct values seen (exact below k). */
  estimate(): number {
    const n = this.length;
    if (n < this.k) return n;
    return ((this.k - 1) * 4294967296) / (this.mins[n - 1]! + 1);
  }
}
