/**
 * What the scan's engine thread still holds after a scan with clusters, structure by structure: the scan runs, then
 * each structure is dropped in turn and the heap (with array buffers) measured after a full GC, so every line is the
 * memory that structure alone kept. Printed per account, per pair or per key: the figures of docs/clusters.md
 * ("Memory and scale"). Reaches into the engine's and the cluster layer's private fields by name (a benchmark, not
 * an API): update the names below when they move.
 *
 *   node --expose-gc --import tsx bench/scan/inventory.ts DIR      (DIR from `hydrawatch simulate ... --out DIR`)
 */
import { scanLogWithEngine } from '../../src/detect/scan.js';

/** The fields dropped, as the engine and the cluster layer name them. */
interface Internals {
  states: Map<string, { profile: unknown }>;
  clusters: unknown[];
  alerts: unknown[];
  timeline: { buckets: Map<number, unknown> };
  clusterer: {
    lastRun: unknown;
    footprint: unknown;
    sync: Map<number, unknown>;
    lastAddr: unknown[];
    index: Map<string, number>;
    asnCache: Map<string, number>;
    state: {
      pivotBasis: unknown[];
      pending: Map<string, unknown>;
      partition: unknown;
      graph: unknown;
      links: unknown;
      summaries: unknown[];
      keys: { growListeners: unknown[] } | null;
    } | null;
  };
}

const dir = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
if (!dir || gc === undefined) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/scan/inventory.ts DIR\n');
  process.exit(2);
}
const { report, engine } = await scanLogWithEngine({
  log: `${dir}/exchanges.jsonl`,
  accounts: `${dir}/accounts.jsonl`,
  releases: `${dir}/releases.jsonl`,
  clusters: true,
});
const held = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const e = engine as unknown as Internals;
const c = e.clusterer;
const s = c.state!;
const size = engine.clusterSize ?? { accounts: 0, pairs: 0, keys: 0 };
const accounts = e.states.size;
process.stdout.write(`${report.input.exchanges} exchanges, ${accounts} accounts, ${size.pairs} pairs, ${size.keys} live keys\n`);
let before = held();
const total = before;
function drop(name: string, unit: number, unitName: string, fn: () => void): void {
  fn();
  const after = held();
  const bytes = before - after;
  before = after;
  process.stdout.write(`${name.padEnd(40)} ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MiB ${(bytes / Math.max(1, unit)).toFixed(0).padStart(7)} B/${unitName}\n`);
}
drop('engine: account profiles', accounts, 'account', () => {
  for (const st of e.states.values()) st.profile = null;
});
drop('engine: rest of the account states', accounts, 'account', () => e.states.clear());
drop('engine: clusters, alerts, timeline', accounts, 'account', () => {
  e.clusters = [];
  e.alerts = [];
  e.timeline.buckets.clear();
});
drop('cluster: last refresh result', accounts, 'account', () => {
  c.lastRun = null;
  s.pivotBasis = [];
  s.pending = new Map();
});
drop('cluster: partition and Louvain graph', accounts, 'account', () => {
  s.partition = null;
  s.graph = null;
});
drop('cluster: pair links', size.pairs, 'pair', () => {
  s.links = null;
  s.keys!.growListeners.length = 0;
});
drop('cluster: account summaries', accounts, 'account', () => {
  s.summaries.length = 0;
});
drop('cluster: key buckets', size.keys, 'key', () => {
  s.keys = null;
  c.footprint = null;
});
drop('cluster: sync windows, addresses, index', accounts, 'account', () => {
  c.sync.clear();
  c.lastAddr.length = 0;
  c.index.clear();
  c.asnCache.clear();
});
drop('cluster: the rest of its state', accounts, 'account', () => {
  c.state = null;
});
const perAccount = total - before;
process.stdout.write(
  `all of the above: ${(perAccount / 2 ** 20).toFixed(1)} MiB, ${(perAccount / Math.max(1, accounts) / 1024).toFixed(1)} KiB per account; ` +
    `left (code, tables loaded once): ${(before / 2 ** 20).toFixed(1)} MiB\n`,
);
