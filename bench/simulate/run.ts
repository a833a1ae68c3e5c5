/**
 * Simulator benchmark: exchanges per second, peak RSS and disk size for report-scale (or another scenario) at one or
 * more scales, each in its own process, printed side by side with the ratio of peak RSS to the 1 GiB budget and the
 * growth of RSS against the growth of accounts (memory must follow accounts, not exchanges).
 *
 *   node --import tsx bench/simulate/run.ts [--scenario report-scale] [--scales 0.05,0.1,1@2] [--out DIR] [--keep]
 *
 * `SCALE@DAYS` runs the scenario at that scale over a shorter period: all of its accounts (so the peak RSS of the
 * full run, since memory follows accounts and exchanges stream to disk) with fewer exchanges.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const scenario = flag('scenario', 'report-scale');
const scales = flag('scales', '0.05,0.1').split(',');
const outRoot = flag('out', '/tmp/hw-bench-sim');
const keep = process.argv.includes('--keep');
const BUDGET = 1024 ** 3;

interface Run {
  scale: number;
  days: number;
  exchanges: number;
  accounts: number;
  attackAccounts: number;
  attackExchanges: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
}

const runs: Run[] = [];
for (const spec of scales) {
  const [s = '1', days = ''] = spec.split('@');
  const out = join(outRoot, `${scenario}-x${s}`);
  const text = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child.ts'), scenario, s, out, days], { encoding: 'utf8', maxBuffer: 1 << 20 });
  runs.push(JSON.parse(text.trim().split('\n').pop()!) as Run);
  if (!keep) rmSync(out, { recursive: true, force: true });
}

const mib = (b: number) => (b / 1024 ** 2).toFixed(0);
const rows = [['scale', 'days', 'exchanges', 'accounts', 'attack accts', 'wall s', 'exchanges/s', 'cpu s', 'exchanges/cpu-s', 'peak RSS MiB', 'RSS/1GiB', 'disk MiB', 'bytes/exchange']];
for (const r of runs)
  rows.push([String(r.scale), String(r.days), String(r.exchanges), String(r.accounts), String(r.attackAccounts), r.seconds.toFixed(1), Math.round(r.exchanges / r.seconds).toString(), r.cpuSeconds.toFixed(1), Math.round(r.exchanges / r.cpuSeconds).toString(), mib(r.peakRssBytes), (r.peakRssBytes / BUDGET).toFixed(3), mib(r.bytes), Math.round(r.bytes / r.exchanges).toString()]);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
process.stdout.write(`simulate ${scenario}\n${rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n')}\n`);
if (runs.length >= 2) {
  const a = runs[0]!;
  const b = runs[runs.length - 1]!;
  process.stdout.write(`accounts x${(b.accounts / a.accounts).toFixed(2)}, exchanges x${(b.exchanges / a.exchanges).toFixed(2)} -> peak RSS x${(b.peakRssBytes / a.peakRssBytes).toFixed(2)}\n`);
}
