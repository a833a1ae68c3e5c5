/**
 * Alerting end to end: the `smoke` traffic's first 24 hours replayed through an enforcing gateway whose alerts go to a
 * webhook receiver on loopback. The receiver must get a `campaign_confirmed` event for a campaign found in the
 * traffic, whose signature verifies with the shared secret and whose accounts are campaign accounts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { AlertDispatcher } from '../../src/alerts/alert-dispatcher.js';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import { SIGNATURE_HEADER, verifySignature } from '../../src/alerts/webhook-signature.js';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import type { Account } from '../../src/exchange/account.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { attachOnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { replayExchanges } from '../../src/gateway/replay/replay.js';
import { Gateway } from '../../src/gateway/server.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const SECRET = 'webhook secret shared with the on-call tool';
const HOURS = 24;
const jsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

test('a campaign found in replayed traffic reaches the webhook, signed', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-alerts-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const sim = simulate(loadScenario('smoke'), { out: join(root, 'sim') });
  const all = jsonl<Exchange>(sim.files.exchanges);
  const t0 = Math.min(...all.map((e) => Date.parse(e.ts)));
  const exchanges = all.filter((e) => Date.parse(e.ts) < t0 + HOURS * 3_600_000);
  const labels = new Map(jsonl<{ account: string; label: string }>(join(root, 'sim', 'labels.jsonl')).map((l) => [l.account, l.label]));

  const received: Array<{ event: AlertEvent; verified: boolean }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const verified = verifySignature(SECRET, body, String(req.headers[SIGNATURE_HEADER] ?? ''), Math.floor(Date.now() / 1000));
      received.push({ event: JSON.parse(body) as AlertEvent, verified });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const upstream = await startDemoUpstream();
  const dataDir = join(root, 'gw');
  const config = resolveConfig(
    { upstream: { url: upstream.url }, server: { port: 0, trust_proxy: ['127.0.0.1', '::1'] }, data: { dir: dataDir }, recorder: { flush_ms: 20 } },
    {},
  );
  const store = new SqliteStore(dataDir);
  const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false, trustEventTime: true });
  const alerts = AlertDispatcher.fromSettings({ webhook_url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, webhook_secret: SECRET }, gateway.metrics.registry);
  const online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir, alerts, clusterRefreshMs: 500 });
  await online.started;
  const url = await gateway.listen();
  t.after(async () => {
    await online.close();
    await gateway.close(2000);
    await store.close();
    await upstream.close();
    await new Promise((r) => (receiver.close(r), receiver.closeAllConnections()));
  });

  await replayExchanges({ gatewayUrl: url, store, exchanges, accounts: jsonl<Account>(sim.files.accounts), concurrency: 16, sendEventTime: true });
  await gateway.flush();
  await online.flush();
  await online.refreshClusters();
  // One more exchange lets the engine take the last refresh's clusters.
  await replayExchanges({ gatewayUrl: url, store, exchanges: exchanges.slice(-1).map((e) => ({ ...e, id: `${e.id}-again` })), concurrency: 1, sendEventTime: true });
  // The gateway taps an exchange just after answering it: wait for the last ones to reach detection and the sink.
  for (let waited = 0; waited < 10_000 && !received.some((r) => r.event.kind === 'campaign_confirmed'); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    await alerts.idle();
  }

  const campaigns = received.filter((r) => r.event.kind === 'campaign_confirmed');
  assert.ok(campaigns.length >= 1, `events received: ${received.map((r) => r.event.kind).join(', ') || 'none'}`);
  for (const { event, verified } of campaigns) {
    assert.ok(verified, `signature of ${event.id}`);
    const members = event.accounts ?? [];
    const attack = members.filter((a) => labels.get(a) === 'distillation').length;
    assert.ok(attack * 2 > members.length, `${event.summary}: mostly campaign accounts (${attack}/${members.length})`);
    assert.match(event.summary, /distillation campaign of \d+ accounts/);
  }
  assert.ok(received.some((r) => r.event.kind === 'decision' && r.verified), 'automatic decisions are announced too');
  const metrics = await gateway.metrics.registry.metrics();
  assert.match(metrics, /hydrawatch_alerts_total\{kind="campaign_confirmed"\} [1-9]/);
});
