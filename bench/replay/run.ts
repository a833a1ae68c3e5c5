/**
 * Replay through the enforcing gateway (issue 6, item 7): simulates a scenario (`hydrawatch simulate`), replays it
 * through a running gateway on 127.0.0.1 with the default policy, online detection and the demo upstream (G's
 * replay driver, original timestamps sent as X-Hydrawatch-Event-Time so detection sees the simulated clock), then
 * prints per campaign when it was flagged, throttled, degraded and blocked, the leakage measured at the gateway next
 * to `hydrawatch eval`'s leakage for the same log, and how many benign accounts were blocked (must be 0).
 *
 *   npx tsx bench/replay/run.ts [--scenario smoke|standard] [--scale X] [--dir DIR] [--replay-seconds 120] [--concurrency 16]
 *                               [--policy FILE] [--json OUT]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runReplayBench } from './replay-bench.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'smoke' },
    scale: { type: 'string' },
    dir: { type: 'string' },
    'replay-seconds': { type: 'string', default: '120' },
    concurrency: { type: 'string', default: '16' },
    policy: { type: 'string' },
    json: { type: 'string' },
  },
});
const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');
const dir = values.dir ?? join(tmpdir(), `hw-replay-${values.scenario}${values.scale ? `-x${values.scale}` : ''}`);
const log = (s: string) => process.stderr.write(`${s}\n`);

if (!existsSync(join(dir, 'exchanges.jsonl'))) {
  log(`simulating ${values.scenario} -> ${dir}`);
  const scale = values.scale ? ['--scale', values.scale] : [];
  const sim = spawnSync(process.execPath, [BIN, 'simulate', values.scenario!, '--out', dir, ...scale], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (sim.status !== 0) throw new Error('simulate failed');
}
log('scan figures: hydrawatch eval');
const t0 = performance.now();
const ev = spawnSync(process.execPath, [BIN, 'eval', dir], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
if (ev.status !== 0) throw new Error('eval failed');
const scanEval = JSON.parse(ev.stdout) as { campaigns: Record<string, { leakage: number | null; first_flagged_at: string | null }> };
log(`  eval took ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const workDir = mkdtempSync(join(tmpdir(), 'hw-replay-gw-'));
const result = await runReplayBench({
  dir,
  replaySeconds: Number(values['replay-seconds']),
  concurrency: Number(values.concurrency),
  policyFile: values.policy,
  workDir,
  onProgress: (done, total) => process.stderr.isTTY && process.stderr.write(`\rreplay ${done}/${total}`),
});
if (process.stderr.isTTY) process.stderr.write('\n');

const pct = (x: number | null | undefined) => (x == null ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
const hm = (t: string | null, from: string | null) =>
  t === null || from === null ? '     -' : `${((Date.parse(t) - Date.parse(from)) / 3_600_000).toFixed(1).padStart(5)}h`;
const lines: string[] = [];
lines.push(`replay through the gateway: scenario ${values.scenario}, ${result.replay.sent} exchanges in ${result.replay.seconds.toFixed(1)} s ` +
  `(x${result.speed.toFixed(0)} log time), statuses ${JSON.stringify(result.replay.statuses)}, ${result.decisions} automatic decisions, ` +
  `${result.clusterRefreshes.count} cluster refreshes (last ${result.clusterRefreshes.lastMs.toFixed(0)} ms), audit ${result.auditOk ? 'intact' : 'BROKEN'}`);
lines.push('');
lines.push('campaign        accts  exch   flagged  throttled degraded  blocked   (hours after its first exchange)   leakage: gateway  scan   served in full');
for (const [id, c] of Object.entries(result.figures.campaigns)) {
  const s = scanEval.campaigns[id];
  lines.push(
    `${id.padEnd(15)} ${String(c.accounts).padStart(5)} ${String(c.exchanges).padStart(5)}   ${hm(c.first_flagged_online, c.first_exchange)}   ${hm(c.first_throttled, c.first_exchange)}    ${hm(c.first_degraded, c.first_exchange)}   ${hm(c.first_blocked, c.first_exchange)}` +
      `                                     ${pct(c.gateway_leakage)}  ${pct(s?.leakage)}  ${pct(c.served_in_full)}`,
  );
}
const b = result.figures.benign;
lines.push('');
lines.push(`benign accounts: ${b.accounts}; blocked ${b.blocked}${b.blocked ? ` (${b.blocked_ids.join(', ')})` : ''}, challenged ${b.challenged}, throttled ${b.throttled}, degraded ${b.degraded}`);
lines.push(`target: no benign account blocked -> ${b.blocked === 0 ? 'ok' : 'FAILED'}`);
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(workDir, { recursive: true, force: true });
if (values.json) writeFileSync(values.json, JSON.stringify({ ...result, scan: scanEval.campaigns }, null, 2));
