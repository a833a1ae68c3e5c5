/**
 * Scan throughput against the raw cost of reading the same log: a baseline that only reads lines and JSON-parses
 * them, then the full `scanLog` (parse, validate, normalise, signals, profiles, scores, clusters), side by side in
 * one run, with peak RSS. Usage:
 *   node --import tsx bench/scan/bench.ts LOG [--accounts F] [--releases F] [--no-clusters]
 * (make a log with `node bin/hydrawatch.js simulate standard --out /tmp/std`).
 */
import { readLines } from '../../src/ingest/lines.js';
import { scanLog } from '../../src/detect/scan.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const log = process.argv[2];
if (!log || log.startsWith('--')) {
  process.stderr.write('usage: bench.ts LOG [--accounts F] [--releases F] [--no-clusters]\n');
  process.exit(2);
}

async function baseline(): Promise<{ lines: number; ms: number }> {
  const start = performance.now();
  let lines = 0;
  let sink = 0;
  for await (const { text } of readLines(log!)) {
    const v = JSON.parse(text) as { id?: string };
    sink += v.id ? 1 : 0;
    lines++;
  }
  if (sink < 0) process.stdout.write('');
  return { lines, ms: performance.now() - start };
}

const base = await baseline();
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
const report = await scanLog({
  log,
  accounts: arg('--accounts'),
  releases: arg('--releases'),
  clusters: !process.argv.includes('--no-clusters'),
});
const scanMs = performance.now() - start;
const baseRate = base.lines / (base.ms / 1000);
const scanRate = report.input.exchanges / (scanMs / 1000);
const peakRss = process.resourceUsage().maxRSS * 1024;
const result = {
  log,
  exchanges: report.input.exchanges,
  accounts: report.input.accounts,
  baseline_lines_per_s: Math.round(baseRate),
  scan_exchanges_per_s: Math.round(scanRate),
  ratio: Math.round((scanRate / baseRate) * 1000) / 1000,
  target_ratio: 0.5,
  peak_rss_mib: Math.round(peakRss / 2 ** 20),
  rss_before_scan_mib: Math.round(rssBefore / 2 ** 20),
  rss_per_account_kib: Math.round((peakRss - rssBefore) / 1024 / Math.max(1, report.input.accounts)),
  flagged: report.accounts.filter((a) => a.verdict === 'distillation').length,
  clusters: report.clusters.length,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
