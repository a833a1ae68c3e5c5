/**
 * A small replay through the enforcing gateway (the smoke scenario's first 12 hours; bench/replay runs the whole
 * scenario and sets the figures beside `scan`'s): the default policy acts on campaigns as their verdicts appear,
 * so the leakage measured at the gateway stays close to what detection alone allows (exchanges before each
 * account's first `distillation` verdict), no benign account is blocked, and the audit log verifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReplayBench } from '../../bench/replay/replay-bench.js';
import type { Label } from '../../bench/replay/replay-report.js';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');
const HOURS = 12;

test('smoke, first 12 hours, through the gateway: enforcement follows detection, no benign account blocked', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-replay-test-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const full = join(root, 'full');
  const sim = spawnSync(process.execPath, [BIN, 'simulate', 'smoke', '--out', full], { encoding: 'utf8' });
  assert.equal(sim.status, 0, sim.stderr);
  const dir = join(root, 'part');
  mkdirSync(dir);
  for (const f of ['accounts.jsonl', 'releases.jsonl', 'labels.jsonl']) copyFileSync(join(full, f), join(dir, f));
  const all = readFileSync(join(full, 'exchanges.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => ({ l, ex: JSON.parse(l) as { ts: string; account: string } }));
  const t0 = Math.min(...all.map((x) => Date.parse(x.ex.ts)));
  const kept = all.filter((x) => Date.parse(x.ex.ts) < t0 + HOURS * 3_600_000);
  writeFileSync(join(dir, 'exchanges.jsonl'), `${kept.map((x) => x.l).join('\n')}\n`);
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
  const campaignOf = new Map(labels.map((l) => [l.account, l.campaign]));

  const r = await runReplayBench({ dir, workDir: join(root, 'gw'), replaySeconds: 6, concurrency: 16 });
  assert.equal(r.replay.failed, 0);
  assert.equal(r.auditOk, true);
  assert.equal(r.figures.benign.blocked, 0, r.figures.benign.blocked_ids.join(','));

  // Detection-only leakage from the gateway's own online verdicts: what enforcement could at best achieve.
  const detect = new Map<string, { n: number; before: number }>();
  for (const { ex } of kept) {
    const c = campaignOf.get(ex.account);
    if (!c) continue;
    const s = detect.get(c) ?? { n: 0, before: 0 };
    s.n++;
    const f = r.flaggedAt[ex.account];
    if (!f || Date.parse(ex.ts) < Date.parse(f)) s.before++;
    detect.set(c, s);
  }
  let enforced = 0;
  for (const [id, c] of Object.entries(r.figures.campaigns)) {
    const d = detect.get(id);
    if (!d || d.n === 0) continue;
    const flagLeak = d.before / d.n;
    if (c.gateway_leakage < 1) enforced++;
    assert.ok(c.gateway_leakage >= flagLeak - 0.02, `${id}: enforced before its verdict?`);
    if (flagLeak < 0.9) assert.ok(c.gateway_leakage <= flagLeak + 0.15, `${id}: gateway ${c.gateway_leakage.toFixed(3)} vs detection ${flagLeak.toFixed(3)}`);
  }
  assert.ok(enforced >= 2, JSON.stringify(r.figures.campaigns));
});
