/**
 * Two Hydrawatch deployments sharing a campaign over TAXII 2.1 on loopback, each started as `serve` starts it:
 * provider A replays the `smoke` traffic's first hours, detects the campaign and publishes it in its indicators
 * collection; provider B polls A's collection (authenticated, remembering where it stopped), and when the campaign's
 * accounts reach B, B's detection explains them with "matches ... indicators shared by" A.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startGateway } from '../../src/cli/serve.js';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import type { Account } from '../../src/exchange/account.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { replayExchanges } from '../../src/gateway/replay/replay.js';
import { INTEL_KEY_ENV } from '../../src/intel/sharing-key.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';

const HOURS = 24;
const TOKEN = 'token lab B presents to lab A';
const jsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

test('a campaign detected by provider A reaches provider B over TAXII and becomes evidence there', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-taxii-e2e-'));
  const keyBefore = process.env[INTEL_KEY_ENV];
  process.env[INTEL_KEY_ENV] = 'sharing secret agreed between lab A and lab B';
  t.after(() => {
    if (keyBefore === undefined) delete process.env[INTEL_KEY_ENV];
    else process.env[INTEL_KEY_ENV] = keyBefore;
    rmSync(root, { recursive: true, force: true });
  });
  const sim = simulate(loadScenario('smoke'), { out: join(root, 'sim') });
  const all = jsonl<Exchange>(sim.files.exchanges);
  const t0 = Math.min(...all.map((e) => Date.parse(e.ts)));
  const exchanges = all.filter((e) => Date.parse(e.ts) < t0 + HOURS * 3_600_000);
  const accounts = jsonl<Account>(sim.files.accounts);
  const labels = new Map(jsonl<{ account: string; label: string }>(join(root, 'sim', 'labels.jsonl')).map((l) => [l.account, l.label]));
  const upstream = await startDemoUpstream();
  t.after(() => upstream.close());

  const start = async (name: string, taxii: Record<string, unknown>) => {
    const config = resolveConfig(
      {
        upstream: { url: upstream.url },
        server: { port: 0, trust_proxy: ['127.0.0.1', '::1'] },
        data: { dir: join(root, name) },
        recorder: { flush_ms: 20 },
        log: { level: 'silent' },
        taxii,
      },
      {},
    );
    const deployment = await startGateway(config, loadDefaultPolicy(), { trustEventTime: true, clusterRefreshMs: 500 });
    t.after(async () => {
      deployment.taxii.close();
      deployment.online?.close();
      await deployment.gateway.close(2000);
      await deployment.alerts.close();
      await deployment.stores.close();
    });
    return deployment;
  };
  const replay = (d: Awaited<ReturnType<typeof start>>, list: Exchange[]) =>
    replayExchanges({ gatewayUrl: d.url, store: d.store, exchanges: list, accounts, concurrency: 16, sendEventTime: true });

  const a = await start('lab-a', { token: TOKEN, producer: 'Lab A' });
  await replay(a, exchanges);
  // Every exchange through the record thread and into detection before the clusters are refreshed.
  await a.gateway.flush();
  await a.online!.flush();
  await a.online!.refreshClusters();
  // One more exchange lets the engine take the last refresh's clusters.
  await replay(a, exchanges.slice(-1).map((e) => ({ ...e, id: `${e.id}-again` })));
  await a.gateway.flush();
  await a.online!.flush();
  const published = await a.taxii.publish();
  assert.ok(published && published.campaigns >= 1, `lab A publishes its campaigns: ${JSON.stringify(published)}`);
  assert.equal((await a.taxii.publish())?.written, 0, 'publishing again without news adds nothing');

  const b = await start('lab-b', { peers: [{ url: `${a.url}/taxii2/hydrawatch/`, collection: 'indicators', token: TOKEN }] });
  const [first] = await b.taxii.pollPeers();
  assert.ok(first && first.added > 0, `lab B takes lab A's indicators: ${JSON.stringify({ ...first, entries: first?.entries.length })}`);
  const [second] = await b.taxii.pollPeers();
  assert.equal(second!.objects, 0, 'the next poll starts where the last one stopped');

  const campaignAccounts = new Set([...labels].filter(([, l]) => l === 'distillation').map(([id]) => id));
  await replay(b, exchanges.filter((e) => campaignAccounts.has(e.account)));
  await b.gateway.flush();
  await b.online!.flush();
  const detection = b.online!.detection!;
  const reports = await Promise.all([...campaignAccounts].map((id) => detection.accountReport(id)));
  const matched = reports.flatMap((report) => {
    const reason = report?.reasons.find((r) => r.signal === 'peer_indicator');
    return reason ? [reason.detail] : [];
  });
  t.diagnostic(`lab A published ${published.campaigns} campaigns (${published.written} objects); lab B took ${first.added} indicators; ${matched.length} of ${campaignAccounts.size} campaign accounts matched them at lab B`);
  assert.ok(matched.length * 2 >= campaignAccounts.size, `most campaign accounts match lab A's indicators at lab B (${matched.length} of ${campaignAccounts.size})`);
  assert.match(matched[0]!, /matches \d+ indicators? shared by Lab A/);
});
