/**
 * Tests texts for an account's watermark and names the account it most likely came from.
 *
 * Sites are grouped by (variant group, context); the key's pick there is one uniform draw, independent of the text
 * when the text was not shaped by that key (the null hypothesis). For each group the texts' overall variant usage
 * is pooled; in each context c with n_c sites, dev_v = n_cv - n_c * pooled_v says how much more that context uses
 * variant v than the texts do in general. A key scores S = sum_c dev_{pick(c)}: the count of sites that use the
 * key's pick, less its expectation. Under the null E[S] = 0 (the dev_v of a context sum to 0) and
 * Var[S] = sum_c mean_v(dev_v^2), exactly, whatever the language prefers and however often the texts repeat a
 * context (a student model repeats a lot). Measuring against the pooled usage rather than the plain 1/|V| removes
 * the noise of naturally preferred variants ("use" over "utilize"); the plain 1/|V| count (same construction with
 * dev_v = n_cv - n_c/|V|) is computed too, for text copied straight from our outputs, and the larger z of the two
 * counts at twice its p. z is one-sided; the best candidate's p is multiplied by the number of candidates
 * (Bonferroni), so testing many accounts does not manufacture a match.
 */
import { contextWindow, type ContextOptions } from './embed.js';
import { keyedChoice } from './keys.js';
import { normalUpperTail } from './normal.js';
import { scanText } from './scan.js';
import { defaultVariantTable, type VariantTable } from './table.js';

export interface WatermarkCandidate {
  account: string;
  key: Uint8Array;
}

export interface CandidateScore {
  account: string;
  z: number;
  /** One-sided p for this candidate alone (corrected for the two statistics, not for the number of candidates). */
  p: number;
  /** Sites that use this key's pick, and the 1/|V| expectation of that count. */
  hits: number;
  expected: number;
}

export interface WatermarkVerdict {
  /** z of the most likely account. */
  z: number;
  /** Its p-value, Bonferroni-corrected for the number of candidates. */
  p: number;
  /** The most likely source account (highest z), or null without candidates or sites. */
  account: string | null;
  sites: number;
  contexts: number;
  candidates: CandidateScore[];
}

export interface VerifyOptions {
  table?: VariantTable;
  /** The keying context used at embedding (default: DEFAULT_CONTEXT). */
  context?: Partial<ContextOptions>;
}

interface ContextCounts {
  group: number;
  context: string;
  counts: number[];
}

/** Counts, per (group, context), how often the texts use each variant. */
export function countSites(texts: Iterable<string>, table: VariantTable, contextOptions: Partial<ContextOptions> = {}): ContextCounts[] {
  const byKey = new Map<string, ContextCounts>();
  for (const text of texts) {
    const context = contextWindow(contextOptions);
    for (const item of scanText(text, table)) {
      if (item.kind === 'word') {
        context.push([item.lower]);
        continue;
      }
      const variants = table.groups[item.group]!;
      const ctx = context.key();
      const key = `${item.group}\u001f${ctx}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { group: item.group, context: ctx, counts: new Array<number>(variants.length).fill(0) };
        byKey.set(key, entry);
      }
      entry.counts[item.variant]!++;
      context.push(variants[item.variant]!.split(' '));
    }
  }
  return [...byKey.values()];
}

function pooledUsage(contexts: readonly ContextCounts[]): Map<number, number[]> {
  const pooled = new Map<number, number[]>();
  for (const { group, counts } of contexts) {
    const sums = pooled.get(group) ?? new Array<number>(counts.length).fill(0);
    counts.forEach((c, i) => (sums[i]! += c));
    pooled.set(group, sums);
  }
  for (const sums of pooled.values()) {
    const total = sums.reduce((a, b) => a + b, 0);
    sums.forEach((c, i) => (sums[i] = c / total));
  }
  return pooled;
}

interface ScoredContext {
  group: number;
  context: string;
  n: number;
  /** Deviation of each variant's count from the pooled usage of its group, and from n/|V|. */
  pooledDev: number[];
  plainDev: number[];
  counts: number[];
}

interface Prepared {
  scored: ScoredContext[];
  pooledVariance: number;
  plainVariance: number;
}

const meanSquare = (xs: readonly number[]) => xs.reduce((a, x) => a + x * x, 0) / xs.length;

function prepare(contexts: readonly ContextCounts[]): Prepared {
  const pooled = pooledUsage(contexts);
  let pooledVariance = 0;
  let plainVariance = 0;
  const scored = contexts.map(({ group, context, counts }) => {
    const n = counts.reduce((a, b) => a + b, 0);
    const share = pooled.get(group)!;
    const pooledDev = counts.map((c, v) => c - n * share[v]!);
    const plainDev = counts.map((c) => c - n / counts.length);
    pooledVariance += meanSquare(pooledDev);
    plainVariance += meanSquare(plainDev);
    return { group, context, n, pooledDev, plainDev, counts };
  });
  return { scored, pooledVariance, plainVariance };
}

/**
 * Two statistics, both exact under the null: against the pooled usage (strong for text distilled through a student,
 * which carries a small shift everywhere) and against plain 1/|V| (strong for text copied from our outputs, where
 * whole groups follow the key and the pooled usage would absorb the signal). The better one counts, at twice its p.
 */
function scoreCandidate(candidate: WatermarkCandidate, prepared: Prepared, table: VariantTable): CandidateScore {
  let pooledScore = 0;
  let plainScore = 0;
  let hits = 0;
  let expected = 0;
  for (const { group, context, n, pooledDev, plainDev, counts } of prepared.scored) {
    const pick = keyedChoice(candidate.key, table.groupIds[group]!, context, counts.length);
    pooledScore += pooledDev[pick]!;
    plainScore += plainDev[pick]!;
    hits += counts[pick]!;
    expected += n / counts.length;
  }
  const zOf = (score: number, variance: number) => (variance > 1e-12 ? score / Math.sqrt(variance) : 0);
  const z = Math.max(zOf(pooledScore, prepared.pooledVariance), zOf(plainScore, prepared.plainVariance));
  return { account: candidate.account, z, p: Math.min(1, 2 * normalUpperTail(z)), hits, expected };
}

/** Runs the test of every candidate key over all `texts` together. */
export function verifyWatermark(
  texts: Iterable<string>,
  candidates: readonly WatermarkCandidate[],
  options: VerifyOptions = {},
): WatermarkVerdict {
  const table = options.table ?? defaultVariantTable();
  const contexts = countSites(texts, table, options.context);
  const sites = contexts.reduce((sum, c) => sum + c.counts.reduce((a, b) => a + b, 0), 0);
  const prepared = prepare(contexts);
  const scores = candidates.map((c) => scoreCandidate(c, prepared, table)).sort((a, b) => b.z - a.z);
  const best = scores[0];
  if (!best || sites === 0)
    return { z: 0, p: 1, account: null, sites, contexts: contexts.length, candidates: scores };
  return {
    z: best.z,
    p: Math.min(1, best.p * scores.length),
    account: best.account,
    sites,
    contexts: contexts.length,
    candidates: scores,
  };
}
