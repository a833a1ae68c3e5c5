/**
 * Reproduces src/detect/calibration-constants.ts from simulated BENIGN traffic of a calibration seed (never the
 * evaluation seed):
 *   node bin/hydrawatch.js simulate standard --seed 7 --scale 4 --out /tmp/cal
 *   node --import tsx bench/scan/calibrate.ts /tmp/cal [--fpr 0.001] [--write] [--run-label 'standard --seed 7 --scale 4']
 * (Four times the standard population gives about 4,800 benign accounts: a 0.1% false-positive target needs a tail
 * of that size to be seen at all; at 1,200 accounts the largest benign peak was below the score's floor.)
 * Method (docs/detection.md, "Calibration"), in one replay with per-account detection only:
 *  1. At every re-scoring of every benign-labelled account the engine hands over the indicator values it used; they
 *     are kept (a few hundred snapshots per account at most).
 *  2. Each indicator's reference level is the 99th percentile of benign accounts' FINAL values (accounts with at least
 *     MIN_REFERENCE_EXCHANGES exchanges); its spread is the distance from the median to that level (at least the
 *     indicator's minimum spread).
 *  3. With those references, each benign account's PEAK raw evidence over its snapshots (once it had minExchanges
 *     exchanges) is what the online engine would have seen at its worst moment. Accounts exempt by policy
 *     (allowlisted, evaluation-verified) are left out, as their own score cannot flag them. For the distillation
 *     threshold only evidence that could flag counts (enough observations, as in score.ts).
 *  4. `distillationAt` = MARGIN x the larger of the benign peak at the (1 - fpr) quantile and the largest benign peak
 *     (zero false positives on the calibration run, so the 0.1% target holds with margin); `suspiciousAt` = the 98th
 *     percentile of benign peaks of all evidence, flaggable or not (about 2% of benign accounts go to review).
 * Labels are used here only to pick the benign accounts of the calibration run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanLogWithEngine } from '../../src/detect/scan.js';
import type { Calibration } from '../../src/detect/calibration.js';
import { CALIBRATION } from '../../src/detect/calibration-constants.js';
import { INDICATORS } from '../../src/detect/indicators.js';
import { enoughObservations, isExempt } from '../../src/detect/score.js';
import { readLabels } from './labels.js';

const MIN_REFERENCE_EXCHANGES = 10;
const REFERENCE_QUANTILE = Number(arg('--quantile', '0.99'));
const SUSPICIOUS_QUANTILE = 0.98;
const MARGIN = 1.1;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: calibrate.ts DIR [--fpr 0.001] [--write]\n');
  process.exit(2);
}
const fpr = Number(arg('--fpr', '0.001'));
const labels = await readLabels(join(dir, 'labels.jsonl'));
const files = { log: arg('--log', join(dir, 'exchanges.jsonl')), accounts: join(dir, 'accounts.jsonl'), releases: join(dir, 'releases.jsonl'), clusters: false };
const isBenign = (id: string) => labels.get(id)?.label === 'benign';

// 1. One replay; thresholds out of reach so that no verdict sticks; snapshots of benign accounts' indicator values.
const neutral: Calibration = { ...CALIBRATION, suspiciousAt: 1e9, distillationAt: 2e9 };
const snapshots = new Map<string, number[][]>();
const finals = new Map<string, { values: number[]; exchanges: number }>();
await scanLogWithEngine({
  ...files,
  calibration: neutral,
  onRescore: (state, f) => {
    if (!isBenign(state.id)) return;
    const values = INDICATORS.map((i) => i.value(f));
    finals.set(state.id, { values, exchanges: state.exchanges });
    if (state.exchanges < CALIBRATION.minExchanges || isExempt(state.account)) return;
    let list = snapshots.get(state.id);
    if (!list) snapshots.set(state.id, (list = []));
    list.push(values);
  },
});

// 2. References from final values.
const indicators: Calibration['indicators'] = {};
let referenceAccounts = 0;
for (const f of finals.values()) if (f.exchanges >= MIN_REFERENCE_EXCHANGES) referenceAccounts++;
INDICATORS.forEach((ind, k) => {
  const v: number[] = [];
  for (const f of finals.values()) if (f.exchanges >= MIN_REFERENCE_EXCHANGES) v.push(f.values[k]!);
  v.sort((a, b) => a - b);
  const level = Math.max(ind.minLevel ?? -Infinity, quantile(v, REFERENCE_QUANTILE));
  const spread = Math.max(ind.minSpread, level - quantile(v, 0.5));
  indicators[ind.signal] = { level: round(level), spread: round(spread) };
});

// 3. Peak raw evidence per non-exempt benign account, with the new references (same formula as score.ts).
// Only evidence that could flag counts (enoughObservations, as in score.ts).
function raw(values: number[], flaggableOnly = true): number {
  let r = 0;
  const parts: { i: number; units: number }[] = [];
  INDICATORS.forEach((ind, i) => {
    const ref = indicators[ind.signal]!;
    const units = Math.min(3, (values[i]! - ref.level) / Math.max(ref.spread, ind.minSpread));
    if (!(units > 0)) return;
    r += ind.weight * units;
    parts.push({ i, units });
  });
  return enoughObservations(parts) || !flaggableOnly ? r : 0;
}
const peaks: { id: string; peak: number; segment: string }[] = [];
const anyPeaks: number[] = [];
for (const [id, list] of snapshots) {
  let peak = 0;
  let any = 0;
  for (const v of list) {
    peak = Math.max(peak, raw(v));
    any = Math.max(any, raw(v, false));
  }
  peaks.push({ id, peak: round(peak), segment: labels.get(id)!.segment });
  anyPeaks.push(any);
}
anyPeaks.sort((a, b) => a - b);
peaks.sort((a, b) => a.peak - b.peak);
const sortedPeaks = peaks.map((p) => p.peak);
// Never below the largest benign peak: with per-segment targets, one benign account over the line is one too many.
const distillationAt = round(Math.max(1, MARGIN * Math.max(quantile(sortedPeaks, 1 - fpr), sortedPeaks.at(-1) ?? 0)));
// Review is for anything unusual, flaggable or not: the 98th percentile of benign peaks of all evidence.
const suspiciousAt = round(Math.min(distillationAt * 0.8, Math.max(0.5, quantile(anyPeaks, SUSPICIOUS_QUANTILE))));

const calibration: Calibration = {
  source: `simulate ${arg('--run-label', 'standard --seed 7 --scale 4')}: ${referenceAccounts} benign accounts with ${MIN_REFERENCE_EXCHANGES}+ exchanges for references, ${peaks.length} non-exempt benign accounts for thresholds`,
  referenceQuantile: REFERENCE_QUANTILE,
  fprTarget: fpr,
  suspiciousAt,
  distillationAt,
  minExchanges: CALIBRATION.minExchanges,
  indicators,
};

process.stderr.write(`top benign peaks: ${JSON.stringify(peaks.slice(-8))}\n`);
process.stdout.write(`${JSON.stringify(calibration, null, 2)}\n`);

if (process.argv.includes('--write')) {
  const body = `/**
 * Calibrated constants of the account score. GENERATED by \`node --import tsx bench/scan/calibrate.ts DIR --write\`;
 * do not edit by hand (see docs/detection.md, "Calibration").
 */
import type { Calibration } from './calibration.js';

export const CALIBRATION: Calibration = ${JSON.stringify(calibration, null, 2)};
`;
  await writeFile(new URL('../../src/detect/calibration-constants.ts', import.meta.url), body);
  process.stderr.write('wrote src/detect/calibration-constants.ts\n');
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
