/**
 * Scan throughput against the raw cost of reading the same log: a baseline that only reads lines and JSON-parses
 * them (one thread), then the full `scanLog` (parse, validate, normalise, signals, profiles, scores, clusters), side
 * by side, alternating for a number of rounds, with peak RSS. The scan reads and runs the engine on the main thread
 * and parses and extracts signals on a worker thread (for logs of 16 MiB or more): `ratio` is wall-clock throughput
 * over the baseline's, with every thread on the machine's cores; `cpu_ratio` is the same per CPU second of all
 * threads (what the scan would achieve on one core); `scan_cpu_s` is the scan's CPU time on all threads,
 * `main_thread_cpu_s` that of the thread that runs the engine and `worker_thread_cpu_s` that of the signal worker
 * (parse and signals), per round; `cluster_refreshes` the cluster layer's refreshes per round (run in full, skipped as
 * too little had changed, and the wall-clock seconds of the full ones, on the engine's thread). Usage:
 *   node --import tsx bench/scan/bench.ts LOG [--accounts F] [--releases F] [--no-clusters] [--no-worker] [--rounds N]
 * (make a log with `node bin/hydrawatch.js simulate standard --out /tmp/std`). On Linux it runs in a child started as
 * `hydrawatch scan` starts its own.
 */
import { availableParallelism } from 'node:os';
import { readLines } from '../../src/ingest/lines.js';
import { scanLogWithEngine } from '../../src/detect/scan.js';
import type { RefreshCount } from '../../src/detect/cluster-layer.js';
import type { ScanReport } from '../../src/detect/report.js';
import { mainThreadCpuSeconds } from '../../src/threads/thread-cpu.js';
import { batchLaunchEnv, batchV8Flags, relaunch } from '../../bin/batch-launch.js';

// Measured as `hydrawatch scan` runs: in a process started with its allocator and V8 settings (bin/batch-launch.js).
const launchEnv = batchLaunchEnv(['node', 'bench.ts', 'scan'], process.env, process.platform);
if (launchEnv !== null) process.exit(await relaunch(launchEnv, batchV8Flags(process.execArgv, process.env)));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const log = process.argv[2];
if (!log || log.startsWith('--')) {
  process.stderr.write('usage: bench.ts LOG [--accounts F] [--releases F] [--no-clusters] [--no-worker] [--rounds N]\n');
  process.exit(2);
}
const rounds = Math.max(1, Number(arg('--rounds') ?? 3));
const worker = process.argv.includes('--no-worker') ? false : undefined;

interface Timed<T> {
  value: T;
  ms: number;
  cpuMs: number;
}

async function timed<T>(run: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

async function baseline(): Promise<number> {
  let lines = 0;
  let sink = 0;
  for await (const { text } of readLines(log!)) {
    const v = JSON.parse(text) as { id?: string };
    sink += v.id ? 1 : 0;
    lines++;
  }
  if (sink < 0) process.stdout.write('');
  return lines;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const rssBefore = process.memoryUsage().rss;
const wall: number[] = [];
const cpu: number[] = [];
const mainCpu: number[] = [];
const scanCpu: number[] = [];
const workerCpu: number[] = [];
let baseRates: number[] = [];
let scanRates: number[] = [];
let report: ScanReport | null = null;
const refreshes: (RefreshCount | null)[] = [];
for (let r = 0; r < rounds; r++) {
  const base = await timed(baseline);
  const mainBefore = mainThreadCpuSeconds();
  let roundWorkerCpu: number | null = null;
  const onWorkerCpu = (s: number): void => void (roundWorkerCpu = (roundWorkerCpu ?? 0) + s);
  const scan = await timed(() =>
    scanLogWithEngine({ log, accounts: arg('--accounts'), releases: arg('--releases'), clusters: !process.argv.includes('--no-clusters'), worker, onWorkerCpu }),
  );
  const mainAfter = mainThreadCpuSeconds();
  if (mainBefore !== null && mainAfter !== null) mainCpu.push(mainAfter - mainBefore);
  scanCpu.push(scan.cpuMs / 1000);
  if (roundWorkerCpu !== null) workerCpu.push(roundWorkerCpu);
  report = scan.value.report;
  const counted = scan.value.engine.clusterRefreshes();
  refreshes.push(counted === null ? null : { ...counted, seconds: Math.round(counted.seconds * 100) / 100 });
  const n = report.input.exchanges;
  baseRates.push(base.value / (base.ms / 1000));
  scanRates.push(n / (scan.ms / 1000));
  wall.push(n / scan.ms / (base.value / base.ms));
  cpu.push(n / scan.cpuMs / (base.value / base.cpuMs));
}
const peakRss = process.resourceUsage().maxRSS * 1024;
const result = {
  log,
  exchanges: report!.input.exchanges,
  accounts: report!.input.accounts,
  rounds,
  cores: availableParallelism(),
  scan_threads: worker === false ? 1 : 2,
  baseline_lines_per_s: Math.round(median(baseRates)),
  scan_exchanges_per_s: Math.round(median(scanRates)),
  ratio: r3(median(wall)),
  ratio_rounds: wall.map(r3),
  cpu_ratio: r3(median(cpu)),
  scan_cpu_s: scanCpu.map((x) => Math.round(x * 100) / 100),
  main_thread_cpu_s: mainCpu.length > 0 ? mainCpu.map((x) => Math.round(x * 100) / 100) : null,
  cluster_refreshes: refreshes.every((x) => x === null) ? null : refreshes,
  worker_thread_cpu_s: workerCpu.length > 0 && workerCpu.every(Number.isFinite) ? workerCpu.map((x) => Math.round(x * 100) / 100) : null,
  target_ratio: 0.5,
  note: 'ratio: wall clock, the scan on all its threads vs the one-thread baseline; cpu_ratio: per CPU second',
  peak_rss_mib: Math.round(peakRss / 2 ** 20),
  rss_before_scan_mib: Math.round(rssBefore / 2 ** 20),
  rss_per_account_kib: Math.round((peakRss - rssBefore) / 1024 / Math.max(1, report!.input.accounts)),
  flagged: report!.accounts.filter((a) => a.verdict === 'distillation').length,
  clusters: report!.clusters.length,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
