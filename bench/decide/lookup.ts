/**
 * Decision lookup on the request path: p50/p99 of ActiveDecisionCache.lookup, and of lookup + decide() with the
 * default policy, with tens of thousands of active decisions (accounts and clusters) in the cache.
 * Run: node --import tsx bench/decide/lookup.ts [activeDecisions=50000] [lookups=200000]
 */
import type { ActiveDecision } from '../../src/decide/actions.js';
import { ACTIONS } from '../../src/decide/actions.js';
import { ActiveDecisionCache } from '../../src/decide/active-cache.js';
import { decide } from '../../src/decide/decide.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import { VERDICTS } from '../../src/detect/report.js';
import { seededRandom } from '../../src/protect/watermark/trigram-student.js';

const active = Number(process.argv[2] ?? 50_000);
const lookups = Number(process.argv[3] ?? 200_000);
const random = seededRandom(1);
const now = Date.now();
const accounts = active * 2;
const clusters = Math.max(1, Math.floor(active / 20));

const cache = new ActiveDecisionCache();
for (let i = 0; i < active; i++) {
  const onCluster = i % 10 === 0;
  const d: ActiveDecision = {
    id: `d_${i}`,
    target: onCluster ? { kind: 'cluster', id: `c_${i % clusters}` } : { kind: 'account', id: `acct_${Math.floor(random() * accounts)}` },
    action: ACTIONS[i % ACTIONS.length]!,
    params: {},
    reason: 'bench',
    evidence: null,
    source: i % 3 === 0 ? 'analyst' : 'policy',
    rule: null,
    createdAt: now - 1000,
    expiresAt: i % 4 === 0 ? null : now + 3_600_000 * (random() < 0.1 ? -1 : 1),
  };
  cache.put(d);
}

const policy = loadDefaultPolicy();
const queries = Array.from({ length: lookups }, () => ({
  account: `acct_${Math.floor(random() * accounts)}`,
  cluster: random() < 0.5 ? `c_${Math.floor(random() * clusters)}` : null,
  verdict: VERDICTS[Math.floor(random() * 3)]!,
  score: random(),
}));

function percentiles(samples: Float64Array): { p50: number; p99: number; p999: number; max: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1]! };
}

function measure(label: string, op: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(20_000, lookups); i++) op(i); // warm up the JIT
  const samples = new Float64Array(lookups);
  let sink = 0;
  for (let i = 0; i < lookups; i++) {
    const t0 = process.hrtime.bigint();
    const r = op(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (r) sink++;
  }
  const p = percentiles(samples);
  console.log(
    `${label.padEnd(26)} p50 ${p.p50.toFixed(2)} us  p99 ${p.p99.toFixed(2)} us  p99.9 ${p.p999.toFixed(2)} us  max ${p.max.toFixed(1)} us  (${sink} non-empty)`,
  );
}

console.log(`active decisions: ${cache.size} (${accounts} account ids, ${clusters} clusters), lookups: ${lookups}`);
measure('lookup', (i) => cache.lookup(queries[i]!.account, queries[i]!.cluster, now).length);
measure('lookup + decide(default)', (i) => {
  const q = queries[i]!;
  const found = cache.lookup(q.account, q.cluster, now);
  return decide(policy, { now, account: { id: q.account }, verdict: q.verdict, score: q.score, cluster: q.cluster, active: found }).effects.length;
});
