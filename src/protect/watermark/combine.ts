/** Combining the channels' p-values into one, and the z score of a p-value for reports. */
import { normalUpperTail } from './normal.js';

/**
 * Fisher's method: for k independent p-values (valid or conservative), X = -2 sum(ln p) is chi-squared with 2k
 * degrees of freedom under the null; its upper tail for even degrees of freedom is exp(-X/2) sum_{i<k} (X/2)^i / i!.
 */
export function fisherCombined(ps: readonly number[]): number {
  if (ps.length === 0) return 1;
  if (ps.length === 1) return ps[0]!;
  const half = ps.reduce((s, p) => s - Math.log(Math.max(p, Number.MIN_VALUE)), 0);
  let term = 1;
  let sum = 1;
  for (let i = 1; i < ps.length; i++) sum += term *= half / i;
  return Math.min(1, Math.exp(-half + Math.log(sum)));
}

/** The one-sided z whose upper tail is p (bisection on the tail; 0 for p >= 0.5, capped at 38 for p near 0). */
export function zOfP(p: number): number {
  if (p >= 0.5) return 0;
  let lo = 0;
  let hi = 38;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
