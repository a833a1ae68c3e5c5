/**
 * How far an account's prompts sit from the population's: a maximum-mean-discrepancy (MMD) statistic over hashed
 * features of each exchange (what it asks for, how it asks), against a running reference built from the traffic of
 * accounts currently judged benign. A linear kernel on hashed features keeps it O(dims) per exchange and O(dims)
 * memory per account; the account side uses the unbiased estimate of its squared mean so that small samples are not
 * inflated by self-similarity.
 */
import { fnv1a32 } from '../signals/hash.js';
import { slabFloat64Array } from './slab-arrays.js';

export const SHIFT_DIMS = 32;

/** Signed slot of each categorical code (feature * 64 + value), hashed once. */
const CODE_SLOTS = new Int32Array(64 * 64);
for (let code = 0; code < CODE_SLOTS.length; code++) {
  const h = fnv1a32(`code:${code}`, 0x9e3779b9);
  CODE_SLOTS[code] = (h & 0x80000000 ? -1 : 1) * ((h % SHIFT_DIMS) + 1);
}

/**
 * Hashed feature vector from categorical codes: code = feature index (< 64) * 64 + value (< 64). The hot-path form of
 * `encodeTokens`, without building strings. Written into `v` when given (a vector of SHIFT_DIMS, reused by the hot path).
 */
export function encodeCodes(codes: readonly number[], v = new Float64Array(SHIFT_DIMS)): Float64Array {
  v.fill(0);
  if (codes.length === 0) return v;
  const w = 1 / Math.sqrt(codes.length);
  for (const code of codes) {
    const slot = CODE_SLOTS[code & 4095]!;
    if (slot > 0) v[slot - 1]! += w;
    else v[-slot - 1]! -= w;
  }
  return v;
}

/** Hashed feature vector of one exchange from a short list of categorical tokens, unit norm. */
export function encodeTokens(tokens: readonly string[]): Float64Array {
  const v = new Float64Array(SHIFT_DIMS);
  if (tokens.length === 0) return v;
  const w = 1 / Math.sqrt(tokens.length);
  for (const token of tokens) {
    const h = fnv1a32(token, 0x9e3779b9);
    v[h % SHIFT_DIMS]! += h & 0x80000000 ? -w : w;
  }
  return v;
}

/** Running mean of feature vectors (the population reference). */
export class MeanVector {
  readonly sum = new Float64Array(SHIFT_DIMS);
  count = 0;
  add(v: Float64Array): void {
    for (let i = 0; i < SHIFT_DIMS; i++) this.sum[i]! += v[i]!;
    this.count++;
  }
}

/** One account's side of the test. */
export class ShiftSample {
  private readonly sum = slabFloat64Array(SHIFT_DIMS);
  private sumSq = 0;
  private n = 0;

  add(v: Float64Array): void {
    let sq = 0;
    for (let i = 0; i < SHIFT_DIMS; i++) {
      this.sum[i]! += v[i]!;
      sq += v[i]! * v[i]!;
    }
    this.sumSq += sq;
    this.n++;
  }

  /** Squared MMD against the reference mean (0 when either side is empty or the account has one sample). */
  mmd2(reference: MeanVector): number {
    if (this.n < 2 || reference.count === 0) return 0;
    let ss = 0;
    let cross = 0;
    let rr = 0;
    for (let i = 0; i < SHIFT_DIMS; i++) {
      const r = reference.sum[i]! / reference.count;
      ss += this.sum[i]! * this.sum[i]!;
      cross += (this.sum[i]! / this.n) * r;
      rr += r * r;
    }
    const xx = (ss - this.sumSq) / (this.n * (this.n - 1));
    return Math.max(0, xx - 2 * cross + rr);
  }
}
