/**
 * The hypothesis test of the canary channel (canaries.ts): does a suspect model's output (or a leaked text) use an
 * account's canary names more than chance allows?
 *
 * The texts use D distinct names the channel can write (case-insensitive: a student may lower-case). Under the null
 * hypothesis (the texts were not shaped by this key) the key's set is drawn independently of them: each name of
 * list g is in the set with probability q = 1 - (1 - 1/|g|)^CANARY_NAMES, so the number of the texts' names that are
 * in the key's set has mean lambda = sum of q over the D names, and, being a sum of negatively associated
 * indicators, an upper tail no heavier than Poisson(lambda)'s. The p-value is that Poisson tail: conservative,
 * whatever names the language (or a student) prefers, since it is computed from the texts' own names.
 */
import { canaryNames, CANARY_NAMES } from './canaries.js';
import { namePool, type Gender } from './name-pool.js';

export interface CanaryScore {
  /** Distinct canary names of the key that the texts use. */
  hits: number;
  /** Their expectation under the null. */
  expected: number;
  p: number;
}

/** The distinct writable names in `texts` (lower case), with each one's chance of being in a random key's set. */
export interface NamesInTexts {
  names: ReadonlySet<string>;
  /** lambda: the expected number of them in a random key's set. */
  expected: number;
}

export function namesInTexts(texts: Iterable<string>): NamesInTexts {
  const { writable } = namePool();
  const inSet = new Map<string, number>();
  for (const gender of ['female', 'male'] as const) {
    const miss = (1 - 1 / writable[gender].length) ** CANARY_NAMES;
    for (const name of writable[gender]) {
      const lower = name.toLowerCase();
      inSet.set(lower, 1 - (1 - (inSet.get(lower) ?? 0)) * miss);
    }
  }
  const names = new Set<string>();
  let expected = 0;
  for (const text of texts)
    for (const m of text.toLowerCase().matchAll(/[a-z]+/g)) {
      const q = inSet.get(m[0]);
      if (q === undefined || names.has(m[0])) continue;
      names.add(m[0]);
      expected += q;
    }
  return { names, expected };
}

export function scoreCanaries(found: NamesInTexts, key: Uint8Array): CanaryScore {
  const set = new Set<string>();
  for (const gender of ['female', 'male'] as Gender[]) for (const n of canaryNames(key, gender)) set.add(n.toLowerCase());
  let hits = 0;
  for (const n of set) if (found.names.has(n)) hits++;
  return { hits, expected: found.expected, p: poissonUpperTail(hits, found.expected) };
}

/** P(X >= k) for X ~ Poisson(lambda), summed from k upwards in log space (accurate far into the tail). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) {
    // The lower sum is the short one here.
    let term = Math.exp(-lambda);
    let below = term;
    for (let i = 1; i < k; i++) below += term *= lambda / i;
    return Math.min(1, Math.max(0, 1 - below));
  }
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 1000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-16) break;
    logTerm += Math.log(lambda / (i + 1));
  }
  return Math.min(1, sum);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
