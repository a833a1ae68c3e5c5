/**
 * The online path knows what `scan` knows: the smoke scenario's accounts are loaded with `hydrawatch accounts import`
 * and its releases through the admin API of the running gateway (`POST /admin/releases`, no restart), its traffic is
 * replayed through the gateway that `serve` starts, and the gateway's detector shows the same fleet evidence and
 * model-pivot alert as `scan --accounts --releases` on the same log. Without them (the gateway before account
 * attributes reached it) both are missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../src/cli/serve.js';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import { scanLog } from '../../src/detect/scan.js';
import type { ScanReport } from '../../src/detect/report.js';
import { readExchangeLog } from '../../src/ingest/jsonl-file.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { replayExchanges } from '../../src/gateway/replay/replay.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import type { Release } from '../../src/exchange/account.js';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');
/**
 * Real seconds the replay of smoke's days takes. Refreshes run from a real-time timer (at least 200 ms apart), and a
 * pivot is measured over the last log hour: the replay must be slow enough that refreshes stay well under an hour of
 * log time apart on a loaded machine (40 s: about 22 log minutes).
 */
const REPLAY_SECONDS = 40;
/** Log minutes between cluster refreshes, as `scan` runs them by default. */
const REFRESH_LOG_MINUTES = 30;

function cli(args: string[], data: string) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data', data], { encoding: 'utf8', env: { ...process.env, HYDRAWATCH_STORE: 'sqlite' } });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

const fleetClusters = (r: ScanReport) => r.clusters.filter((c) => c.evidence.some((e) => e.startsWith('fleet:')));
const pivots = (r: ScanReport) => r.alerts.filter((a) => a.kind === 'model_pivot');

const ADMIN_TOKEN = 'serve-attributes-admin';

async function replayThroughServe(data: string, exchanges: Exchange[], releases: Release[] = []): Promise<ScanReport> {
  const upstream = await startDemoUpstream({ models: ['m-1', 'm-1-mini', 'm-2', 'demo-1'] });
  const config = resolveConfig({ upstream: { url: upstream.url }, server: { port: 0, trust_proxy: ['127.0.0.1'] }, data: { dir: data }, log: { level: 'silent' } }, {});
  const times = exchanges.map((e) => Date.parse(e.ts));
  const speed = (Math.max(...times) - Math.min(...times)) / 1000 / REPLAY_SECONDS;
  const { store, gateway, online, url } = await startGateway(config, loadDefaultPolicy(), {
    trustEventTime: true,
    clusterRefreshMs: Math.max(200, (REFRESH_LOG_MINUTES * 60_000) / speed),
    adminToken: ADMIN_TOKEN,
  });
  try {
    if (releases.length > 0) {
      const res = await fetch(`${gateway.adminUrl}/admin/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ releases }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    const replay = await replayExchanges({ gatewayUrl: url, store, exchanges, speed, concurrency: 16, sendEventTime: true });
    assert.equal(replay.failed, 0);
    // Every answered exchange reaches detection (long texts are token-counted off the event loop first).
    await gateway.flush();
    await online!.flush();
    return await online!.detection!.report();
  } finally {
    await online?.close();
    await gateway.close(5000);
    await store.close();
    await upstream.close();
  }
}

test('serve with imported accounts and releases shows the fleet evidence and model-pivot alert that scan shows', { timeout: 480_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-serve-attrs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'sim');
  const sim = spawnSync(process.execPath, [BIN, 'simulate', 'smoke', '--out', dir], { encoding: 'utf8' });
  assert.equal(sim.status, 0, sim.stderr);
  const log = join(dir, 'exchanges.jsonl');
  const exchanges: Exchange[] = [];
  for await (const ex of readExchangeLog(log, () => {})) exchanges.push(ex);

  const scanned = await scanLog({ log, accounts: join(dir, 'accounts.jsonl'), releases: join(dir, 'releases.jsonl') });
  assert.ok(fleetClusters(scanned).length > 0, 'scan finds a fleet in smoke');
  assert.ok(pivots(scanned).length > 0, 'scan finds the model pivot in smoke');

  const data = join(root, 'gw');
  cli(['accounts', 'import', join(dir, 'accounts.jsonl')], data);
  const releases = readFileSync(join(dir, 'releases.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Release);
  const online = await replayThroughServe(data, exchanges, releases);

  for (const alert of pivots(scanned)) {
    const online_ = pivots(online).filter((a) => a.model === alert.model);
    assert.ok(online_.length > 0, `no online pivot alert for ${alert.model}`);
    // Which cluster the online alert names depends on when the background refreshes ran (real time, on a shared
    // machine); scan's cluster is reported for the record.
    const members = new Set(alert.accounts ?? []);
    const overlap = online_.some((a) => (a.accounts ?? []).some((id) => members.has(id)));
    t.diagnostic(`pivot to ${alert.model}: online alert on ${overlap ? 'the same' : 'another'} cluster as scan's`);
  }
  for (const fleet of fleetClusters(scanned)) {
    const members = new Set(fleet.accounts);
    const match = fleetClusters(online).find((c) => c.accounts.filter((id) => members.has(id)).length >= members.size / 2);
    assert.ok(match, `no online fleet evidence for the accounts of ${fleet.id}`);
  }

  // The same replay without the imports: the online path then lacks what scan knew.
  const bare = await replayThroughServe(join(root, 'bare'), exchanges);
  assert.equal(pivots(bare).length, 0, 'without releases there is no pivot alert');
  assert.ok(fleetClusters(bare).length < fleetClusters(online).length, 'without account attributes fewer fleets are shown');
});
