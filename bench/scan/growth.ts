/**
 * How the scan's peak RSS grows with accounts: a scenario simulated at several scales, each log scanned with and
 * without the cluster layer in its own process, side by side, with the cluster layer's pairs and live keys at the end.
 * Prints a table and writes an SVG chart of peak RSS against accounts.
 *
 *   node --import tsx bench/scan/growth.ts [--scenario standard] [--scales 0.25,0.5,1] [--days N] [--out DIR]
 *     [--svg docs/img/scan-rss-growth.svg] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Table from 'cli-table3';
import { BATCH_ALLOCATOR_ENV, batchV8Flags } from '../../bin/batch-launch.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const scenario = flag('scenario', 'standard');
const scales = flag('scales', '0.25,0.5,1').split(',').map(Number);
const days = flag('days', '');
const outRoot = flag('out', '/tmp/hw-bench-growth');
const svgPath = flag('svg', '');
const keep = process.argv.includes('--keep');

interface Scan {
  exchanges: number;
  accounts: number;
  seconds: number;
  peakRssBytes: number;
  cluster: { accounts: number; pairs: number; keys: number } | null;
}
interface Row {
  scale: number;
  withClusters: Scan;
  perAccount: Scan;
}

// With the allocator and V8 settings `hydrawatch scan` starts its process with (bin/batch-launch.js).
const node = (script: string, args: string[]): string =>
  execFileSync(process.execPath, [...batchV8Flags([], process.env), '--import', 'tsx', join(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, ...BATCH_ALLOCATOR_ENV },
  });
const lastJson = <T>(text: string): T => JSON.parse(text.trim().split('\n').pop()!) as T;

const rows: Row[] = [];
for (const scale of scales) {
  const out = join(outRoot, `${scenario}-x${scale}`);
  process.stderr.write(`simulating ${scenario} x${scale}${days ? ` over ${days} days` : ''}...\n`);
  node('../simulate/child.ts', [scenario, String(scale), out, days]);
  process.stderr.write(`scanning with and without clusters...\n`);
  const withClusters = lastJson<Scan>(node('growth-child.ts', [out, 'clusters']));
  const perAccount = lastJson<Scan>(node('growth-child.ts', [out, 'no-clusters']));
  rows.push({ scale, withClusters, perAccount });
  if (!keep) rmSync(out, { recursive: true, force: true });
}

const mib = (b: number): number => Math.round(b / 2 ** 20);
const table = new Table({
  style: { head: [], border: [] },
  head: ['scale', 'accounts', 'exchanges', 'peak RSS MiB (clusters)', 'peak RSS MiB (per-account)', 'difference KiB/account', 'pairs', 'live keys', 'scan s (clusters)'],
});
for (const { scale, withClusters: c, perAccount: p } of rows) {
  table.push([
    scale,
    c.accounts,
    c.exchanges,
    mib(c.peakRssBytes),
    mib(p.peakRssBytes),
    Math.round((c.peakRssBytes - p.peakRssBytes) / 1024 / Math.max(1, c.accounts)),
    c.cluster?.pairs ?? '',
    c.cluster?.keys ?? '',
    c.seconds.toFixed(1),
  ]);
}
process.stdout.write(`scan ${scenario}${days ? ` over ${days} days` : ''}: peak RSS against accounts\n${table.toString()}\n`);
if (rows.length >= 2) {
  const a = rows[0]!.withClusters;
  const b = rows[rows.length - 1]!.withClusters;
  process.stdout.write(
    `accounts x${(b.accounts / a.accounts).toFixed(2)}, exchanges x${(b.exchanges / a.exchanges).toFixed(2)} -> peak RSS with clusters x${(b.peakRssBytes / a.peakRssBytes).toFixed(2)}\n`,
  );
}
if (svgPath) {
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, chart(rows));
  process.stdout.write(`chart written to ${svgPath}\n`);
}

/** Peak RSS (MiB) against accounts, one line with the cluster layer and one without. */
function chart(data: Row[]): string {
  const [W, H, L, B] = [640, 360, 60, 50];
  const maxX = Math.max(...data.map((r) => r.withClusters.accounts));
  const maxY = Math.max(...data.map((r) => mib(r.withClusters.peakRssBytes)), 1);
  const x = (v: number) => L + (v / maxX) * (W - L - 20);
  const y = (v: number) => H - B - (v / maxY) * (H - B - 20);
  const line = (pick: (r: Row) => Scan, color: string, label: string, at: number) => {
    const pts = data.map((r) => `${x(pick(r).accounts).toFixed(1)},${y(mib(pick(r).peakRssBytes)).toFixed(1)}`);
    const dots = pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${color}"/>`).join('');
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>${dots}<text x="${L + 10}" y="${20 + at * 16}" font-size="12" fill="${color}">${label}</text>`;
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<text x="${L - 8}" y="${y(f * maxY) + 4}" font-size="10" text-anchor="end">${Math.round(f * maxY)}</text><text x="${x(f * maxX)}" y="${H - B + 16}" font-size="10" text-anchor="middle">${Math.round(f * maxX)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<line x1="${L}" y1="${H - B}" x2="${W - 20}" y2="${H - B}" stroke="black"/><line x1="${L}" y1="20" x2="${L}" y2="${H - B}" stroke="black"/>
${ticks}
<text x="${(W + L) / 2}" y="${H - 12}" font-size="12" text-anchor="middle">accounts (${scenario}${days ? `, ${days} days` : ''}, scales ${data.map((r) => r.scale).join(', ')})</text>
<text x="14" y="${(H - B) / 2}" font-size="12" transform="rotate(-90 14 ${(H - B) / 2})" text-anchor="middle">peak RSS (MiB)</text>
${line((r) => r.withClusters, '#c0392b', 'scan with the cluster layer', 0)}
${line((r) => r.perAccount, '#2c7fb8', 'scan, per-account detection only', 1)}
</svg>
`;
}
