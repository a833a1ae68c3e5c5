/**
 * Tests texts for an account's watermark and names the account it most likely came from.
 *
 * Both channels are tested together: the word groups (variant tables) and the form families (marks.ts); a form
 * family is one more group, keyed by its own id, so its draws are independent of the word groups' under the null.
 * Sites are counted per cell (variant group, context bucket). A key's draws (one offset per group and cycle of
 * buckets, see embed.ts) are uniform and independent of the texts when the texts were not shaped by that key (the
 * null hypothesis). For each group the texts' overall variant usage is pooled; in a cell with n sites,
 * dev_v = n_v - n * pooled_v says how much more that cell uses variant v than the texts do in general. A key scores
 * S = sum over cells of w * dev_{pick}: the weighted count of sites that use the key's pick, less its expectation.
 * For each randomization unit (group, cycle) the contribution is computed for every possible draw, so under the
 * null E[S] = 0 and Var[S] = sum over units of the mean square of those contributions, exactly, whatever the
 * language prefers and however often the texts repeat a context (a student model repeats a lot). The weights
 * (expected signal over null variance per cell) depend on the texts only. Measuring against the pooled usage
 * removes the noise of naturally preferred variants ("use" over "utilize"); the plain 1/|V| count (same
 * construction with dev_v = n_v - n/|V|, unweighted) is computed too, for short texts copied straight from our
 * outputs, and the larger z of the two counts at twice its p. z is one-sided; the best candidate's p is multiplied
 * by the number of candidates (Bonferroni), so testing many accounts does not manufacture a match.
 *
 * The canary channel (canaries.ts, canary-test.ts) has its own conservative test; its draws are independent of
 * the other channels' (different HMAC inputs), so under the null the two p-values are independent and Fisher's
 * method combines them. A channel the texts give no occasion to (no sites, no writable names) is left out, which depends
 * on the texts only. Candidates are ranked by the combined p.
 */
import { namesInTexts, scoreCanaries, type NamesInTexts } from './canary-test.js';
import { fisherCombined, zOfP } from './combine.js';
import { contextWindow, isCyclic, markGroupId, type ContextOptions } from './embed.js';
import { keyedChoice, keyedOffset } from './keys.js';
import { MARK_BUCKETS, scanMarks } from './marks.js';
import { normalUpperTail } from './normal.js';
import { contextBucket, scanText } from './scan.js';
import { defaultVariantTable, type VariantTable } from './table.js';

export interface WatermarkCandidate {
  account: string;
  key: Uint8Array;
}

export interface CandidateScore {
  account: string;
  /** The z score of `p` (the word and form channels' own z is `markZ`). */
  z: number;
  /** One-sided p for this candidate alone, channels combined (not corrected for the number of candidates). */
  p: number;
  /** The word and form channels: z and p (corrected for their two statistics). */
  markZ: number;
  markP: number;
  /** The canary channel: distinct canary names of this key in the texts, their null expectation, and p. */
  canaryHits: number;
  canaryExpected: number;
  canaryP: number;
  /** Sites that use this key's pick, and the 1/|V| expectation of that count. */
  hits: number;
  expected: number;
}

export interface WatermarkVerdict {
  /** z of the most likely account. */
  z: number;
  /** Its p-value, Bonferroni-corrected for the number of candidates. */
  p: number;
  /** The most likely source account (lowest combined p), or null without candidates or sites. */
  account: string | null;
  /** Word and form sites, plus the distinct names the canary channel could have written. */
  sites: number;
  contexts: number;
  candidates: CandidateScore[];
}

export interface VerifyOptions {
  table?: VariantTable;
  /** The keying context used at embedding (default: DEFAULT_CONTEXT). */
  context?: Partial<ContextOptions>;
  /** How cells are weighted in the pooled statistic (default `inverse-variance`). */
  weighting?: 'inverse-variance' | 'none';
  /** Compare sites only with sites after the same unkeyed words (default true). */
  stratify?: boolean;
  /** Which channels to test (default all): the word tables, the form channel (marks.ts), the canaries (canaries.ts). */
  channels?: { lexical?: boolean; marks?: boolean; canaries?: boolean };
}

/** How often the texts use each variant of a group in one context (bucket). */
export interface ContextCounts {
  /** The keying id of the group (a lexical group's first variant, or a form family's `mark:` id). */
  groupId: string;
  /** Whether the group's picks follow the cyclic assignment. */
  cyclic: boolean;
  context: string;
  bucket: number;
  /** The unkeyed words between the context and the site; the pooled usage is taken per (group, stratum). */
  stratum: string;
  counts: number[];
}

/** Counts, per (group, context), how often the texts use each variant. */
export function countSites(
  texts: Iterable<string>,
  table: VariantTable,
  contextOptions: Partial<ContextOptions> = {},
  stratify = true,
): ContextCounts[] {
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
      const stratum = stratify ? context.gap() : '';
      const key = `${item.group}\u001f${ctx}\u001f${stratum}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          groupId: table.groupIds[item.group]!,
          cyclic: isCyclic(contextOptions),
          context: ctx,
          bucket: context.bucket(),
          stratum,
          counts: new Array<number>(variants.length).fill(0),
        };
        byKey.set(key, entry);
      }
      entry.counts[item.variant]!++;
      context.push(variants[item.variant]!.split(' '));
    }
  }
  return [...byKey.values()];
}

/** Counts, per (form family, context bucket), how often the texts use each form. */
export function countMarks(texts: Iterable<string>, table: VariantTable): ContextCounts[] {
  const byKey = new Map<string, ContextCounts>();
  for (const text of texts) {
    for (const site of scanMarks(text, table)) {
      const bucket = contextBucket(site.context, MARK_BUCKETS);
      const groupId = markGroupId(site.family);
      const key = `${groupId}\u001f${bucket}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { groupId, cyclic: true, context: `#${bucket}`, bucket, stratum: '', counts: [0, 0] }));
      entry.counts[site.variant]!++;
    }
  }
  return [...byKey.values()];
}

const stratumKey = (c: ContextCounts) => `${c.groupId}\u001f${c.stratum}`;

/** Each (group, stratum)'s share of each variant over all the texts. */
function pooledUsage(cells: readonly ContextCounts[]): Map<string, number[]> {
  const pooled = new Map<string, number[]>();
  for (const cell of cells) {
    const key = stratumKey(cell);
    const sums = pooled.get(key) ?? new Array<number>(cell.counts.length).fill(0);
    cell.counts.forEach((c, i) => (sums[i]! += c));
    pooled.set(key, sums);
  }
  for (const sums of pooled.values()) {
    const total = sums.reduce((a, b) => a + b, 0);
    sums.forEach((c, i) => (sums[i] = c / total));
  }
  return pooled;
}

/**
 * One draw of the key: a (group, cycle of buckets) (cyclic assignment) or one (group, context) cell (independent
 * picks). For
 * each possible draw r, the unit's contribution to both statistics and its hit count.
 */
interface RandomizationUnit {
  groupId: string;
  cyclic: boolean;
  /** The cell's context, for independent picks (keyed per context). */
  context: string;
  /** The cycle of buckets, for the cyclic assignment. */
  cycle: number;
  pooled: Float64Array;
  plain: Float64Array;
  hits: Float64Array;
  sites: number;
}

interface Prepared {
  units: RandomizationUnit[];
  pooledVariance: number;
  plainVariance: number;
}

const meanSquare = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
  return s / xs.length;
};

function prepare(cells: readonly ContextCounts[], weighting: 'inverse-variance' | 'none'): Prepared {
  const pooled = pooledUsage(cells);
  const units = new Map<string, RandomizationUnit>();
  for (const cell of cells) {
    const { groupId, cyclic, context, bucket, counts } = cell;
    const v = counts.length;
    const n = counts.reduce((a, b) => a + b, 0);
    const share = pooled.get(stratumKey(cell))!;
    const pooledDev = counts.map((c, i) => c - n * share[i]!);
    const plainDev = counts.map((c) => c - n / v);
    // Weight: a cell's expected signal (proportional to n) over its variance under the null, estimated as
    // multinomial sampling (n * mean p(1-p)) plus what the cell actually deviates (a student repeats itself, and
    // some contexts prefer a variant naturally). Depends on the texts only, so the test stays exact.
    const sampling = (n * share.reduce((a, q) => a + q * (1 - q), 0)) / v;
    const weight = weighting === 'none' ? 1 : n / Math.max(meanSquare(pooledDev) + sampling, 1e-9);
    const cycle = Math.floor(bucket / v);
    const id = cyclic ? `${groupId}\u001f${cycle}` : `${groupId}\u001f${context}`;
    let unit = units.get(id);
    if (!unit) {
      unit = { groupId, cyclic, context, cycle, pooled: new Float64Array(v), plain: new Float64Array(v), hits: new Float64Array(v), sites: 0 };
      units.set(id, unit);
    }
    const offset = cyclic ? bucket % v : 0;
    for (let r = 0; r < v; r++) {
      const pick = (r + offset) % v;
      unit.pooled[r]! += weight * pooledDev[pick]!;
      unit.plain[r]! += plainDev[pick]!;
      unit.hits[r]! += counts[pick]!;
    }
    unit.sites += n;
  }
  let pooledVariance = 0;
  let plainVariance = 0;
  for (const unit of units.values()) {
    pooledVariance += meanSquare(unit.pooled);
    plainVariance += meanSquare(unit.plain);
  }
  return { units: [...units.values()], pooledVariance, plainVariance };
}

/**
 * Two statistics, both exact under the null: against the pooled usage (strong for text distilled through a student,
 * which carries a small shift everywhere) and against plain 1/|V| (strong for text copied from our outputs, where
 * whole groups follow the key). The better one counts, at twice its p.
 */
function scoreCandidate(candidate: WatermarkCandidate, prepared: Prepared, names: NamesInTexts | null): CandidateScore {
  let pooledScore = 0;
  let plainScore = 0;
  let hits = 0;
  let expected = 0;
  for (const unit of prepared.units) {
    const v = unit.pooled.length;
    const r = unit.cyclic
      ? keyedOffset(candidate.key, unit.groupId, unit.cycle, v)
      : keyedChoice(candidate.key, unit.groupId, unit.context, v);
    pooledScore += unit.pooled[r]!;
    plainScore += unit.plain[r]!;
    hits += unit.hits[r]!;
    expected += unit.sites / v;
  }
  const zOf = (score: number, variance: number) => (variance > 1e-12 ? score / Math.sqrt(variance) : 0);
  const markZ = Math.max(zOf(pooledScore, prepared.pooledVariance), zOf(plainScore, prepared.plainVariance));
  const markP = Math.min(1, 2 * normalUpperTail(markZ));
  const canary = names ? scoreCanaries(names, candidate.key) : { hits: 0, expected: 0, p: 1 };
  const ps = [...(prepared.units.length > 0 ? [markP] : []), ...(names ? [canary.p] : [])];
  const p = fisherCombined(ps);
  return {
    account: candidate.account,
    z: zOfP(p),
    p,
    markZ,
    markP,
    canaryHits: canary.hits,
    canaryExpected: canary.expected,
    canaryP: canary.p,
    hits,
    expected,
  };
}

/** Runs the test of every candidate key over all `texts` together. */
export function verifyWatermark(
  texts: Iterable<string>,
  candidates: readonly WatermarkCandidate[],
  options: VerifyOptions = {},
): WatermarkVerdict {
  const table = options.table ?? defaultVariantTable();
  const all = [...texts];
  const cells = [
    ...(options.channels?.lexical === false ? [] : countSites(all, table, options.context, options.stratify ?? true)),
    ...(options.channels?.marks === false ? [] : countMarks(all, table)),
  ];
  const found = options.channels?.canaries === false ? null : namesInTexts(all);
  const names = found && found.names.size > 0 ? found : null;
  const sites = cells.reduce((sum, c) => sum + c.counts.reduce((a, b) => a + b, 0), 0) + (names?.names.size ?? 0);
  const prepared = prepare(cells, options.weighting ?? 'inverse-variance');
  const scores = candidates.map((c) => scoreCandidate(c, prepared, names)).sort((a, b) => a.p - b.p || b.markZ - a.markZ);
  const best = scores[0];
  if (!best || sites === 0) return { z: 0, p: 1, account: null, sites, contexts: cells.length, candidates: scores };
  return {
    z: best.z,
    p: Math.min(1, best.p * scores.length),
    account: best.account,
    sites,
    contexts: cells.length,
    candidates: scores,
  };
}
