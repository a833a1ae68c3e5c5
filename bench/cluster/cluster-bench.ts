/**
 * Clustering at scale: 50,000 accounts, 20,000 of them in one connected component (a hydra network sharing
 * payments, address ranges, templates and timing), the rest in small benign groups and singletons. Builds the link
 * graph through `HydraClusterer.observe` (as the engine does per exchange), then clusters and scores it with
 * `refresh`, printing the time and memory of each step next to the time to merely generate the same inputs.
 *
 *   node --import tsx bench/cluster/cluster-bench.ts [--accounts 50000] [--component 20000] [--per-account 8]
 */
import os from 'node:os';
import type { Account } from '../../src/exchange/account.js';
import type { Verdict } from '../../src/detect/report.js';
import { HydraClusterer } from '../../src/detect/cluster/index.js';
import { AsnDatabase } from '../../src/signals/asn.js';
import { syntheticObservation, type SyntheticExchange } from '../../src/detect/cluster/synthetic.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const ACCOUNTS = arg('accounts', 50_000);
const COMPONENT = arg('component', 20_000);
const PER_ACCOUNT = arg('per-account', 8);
const T0 = Date.parse('2026-02-20T00:00:00Z');
const MIN = 60_000;
const SPAN = 3 * 24 * 60 * MIN;

let seed = 42;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const pick = (n: number) => Math.floor(rand() * n);

function world(): { accounts: Map<string, Account>; exchanges: SyntheticExchange[] } {
  const accounts = new Map<string, Account>();
  const exchanges: SyntheticExchange[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `acct_${i}`;
    const hydra = i < COMPONENT;
    // The hydra: 400 payment methods and 300 /24s reused across its accounts, 50 templates, 24/7 pace. Others: small
    // families of 1-5 accounts (one payment, one address) with their own prompts, plus a few popular templates.
    const family = Math.floor((i - COMPONENT) / 3);
    accounts.set(id, {
      id,
      payment: hydra ? `pm_h${pick(400)}` : `pm_f${family}`,
      created: new Date(T0 - (hydra ? pick(6 * 60) : pick(400 * 24 * 60)) * MIN).toISOString(),
      email_domain: hydra ? 'mail.example' : `d${pick(5000)}.example`,
      country: hydra ? 'SG' : 'US',
    });
    for (let k = 0; k < PER_ACCOUNT; k++) {
      const popular = !hydra && rand() < 0.3;
      exchanges.push({
        account: id,
        t: T0 + pick(SPAN),
        ip: hydra ? `45.${pick(3)}.${pick(100)}.${1 + pick(200)}` : `${11 + (family % 200)}.${(family >> 8) & 255}.${family & 255}.${1 + (k % 2)}`,
        templateId: hydra ? `th_${pick(50)}` : popular ? `pop_${pick(20)}` : `tf_${i}_${k}`,
        systemTemplateId: hydra ? null : rand() < 0.5 ? `sys_${pick(10)}` : null,
        userAgent: hydra ? 'python-httpx/0.27' : `ua_${family % 40}`,
        cot: hydra ? 0.9 : 0,
        capability: hydra ? 'math_reasoning' : 'chat',
      });
    }
  }
  exchanges.sort((a, b) => a.t - b.t);
  return { accounts, exchanges };
}

const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const g0 = performance.now();
const { accounts, exchanges } = world();
const observations = exchanges.map(syntheticObservation);
const genMs = performance.now() - g0;
sample();

const a0 = performance.now();
AsnDatabase.shared();
const asnMs = performance.now() - a0;
sample();

const clusterer = new HydraClusterer({ accounts, releases: [] });
const cpu0 = process.cpuUsage();
const o0 = performance.now();
for (let i = 0; i < observations.length; i++) {
  const o = observations[i];
  if (o !== undefined) clusterer.observe(o);
  if ((i & 65535) === 0) sample();
}
const observeMs = performance.now() - o0;
const cpu1 = process.cpuUsage(cpu0);
sample();

const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
for (const id of accounts.keys()) scores.set(id, { score: 0.1, verdict: 'benign', exchanges: PER_ACCOUNT });
const cpu2 = process.cpuUsage();
const r0 = performance.now();
const result = clusterer.refresh(T0 + SPAN, scores);
const refreshMs = performance.now() - r0;
const cpu3 = process.cpuUsage(cpu2);
const cpuS = (u: NodeJS.CpuUsage) => `${((u.user + u.system) / 1e6).toFixed(2)} s CPU`;
sample();
const r1 = performance.now();
// The second refresh is the one whose verdicts count: a cluster verdict is carried once it holds twice in a row.
const second = clusterer.refresh(T0 + SPAN + 30 * MIN, scores, { final: true });
const incrementalMs = performance.now() - r1;
sample();

const biggest = result.clusters.reduce((a, c) => Math.max(a, c.accounts.length), 0);
const hydraClusters = new Set<string>();
let hydraFlagged = 0;
let othersFlagged = 0;
for (const [id, v] of second.accountCluster) {
  const n = Number(id.slice(5));
  if (n < COMPONENT) {
    hydraClusters.add(v.cluster);
    if (v.verdict === 'distillation') hydraFlagged++;
  } else if (v.verdict === 'distillation') othersFlagged++;
}
const size = clusterer.size;
const total = observeMs + refreshMs;
console.log(`accounts ${ACCOUNTS} (component ${COMPONENT}), exchanges ${observations.length}, pairs ${size.pairs}, keys ${size.keys}`);
console.log(`generate inputs (baseline)   ${(genMs / 1000).toFixed(2)} s`);
console.log(`load ASN table (once)        ${(asnMs / 1000).toFixed(2)} s`);
console.log(`observe (build link graph)   ${(observeMs / 1000).toFixed(2)} s  (${((observeMs * 1000) / observations.length).toFixed(2)} us/exchange, ${(observeMs / genMs).toFixed(2)}x generation; ${cpuS(cpu1)})`);
console.log(`refresh (Louvain + scoring)  ${(refreshMs / 1000).toFixed(2)} s  clusters ${result.clusters.length}, largest ${biggest}; ${cpuS(cpu3)}`);
console.log(
  `refresh 30 min later         ${(incrementalMs / 1000).toFixed(2)} s  (final refresh: kept Louvain graph, incremental placement)`,
);
console.log(`build + cluster total        ${(total / 1000).toFixed(2)} s  (target < 30 s)`);
console.log(`hydra accounts flagged       ${hydraFlagged} / ${COMPONENT} in ${hydraClusters.size} cluster(s); other accounts flagged ${othersFlagged}`);
console.log(`load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores (wall times above stretch with load)`);
console.log(`peak RSS ${mib(peakRss)}, heap used ${mib(process.memoryUsage().heapUsed)}`);
