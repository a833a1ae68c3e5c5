import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoUpstream } from '../demo-upstream/server.js';
import { startHarness } from '../../../test/gateway/harness.js';
import { builtInTraffic } from './built-in-traffic.js';
import { replayExchanges } from './replay.js';

test('a log is replayed in time order under one key per account, from its recorded IPs and user agents', async () => {
  const upstream = await startDemoUpstream();
  const h = await startHarness(upstream.url, { server: { trust_proxy: ['127.0.0.1', '::1'] } });
  const log = builtInTraffic(40).reverse();
  log.push({ ...log[0]!, id: 'skip_me', endpoint: 'batches' });
  log[3] = { ...log[3]!, client_fp: 'fp_1', access_path: 'reseller' };
  const result = await replayExchanges({
    gatewayUrl: h.url,
    store: h.store,
    exchanges: log,
    accounts: [{ id: 'acct_user_0', tier: 'paid', org: 'org_x' }],
    concurrency: 4,
  });
  assert.equal(result.sent, 40);
  assert.equal(result.skipped, 1);
  assert.deepEqual(result.statuses, { '200': 40 });
  assert.equal(result.accounts, 12);

  const recorded = await h.recorded();
  assert.equal(recorded.length, 40);
  const sent = log.filter((e) => e.id !== 'skip_me').sort((a, b) => a.ts.localeCompare(b.ts));
  const byAccount = (list: { account: string }[]) => list.map((e) => e.account).sort();
  assert.deepEqual(byAccount(recorded), byAccount(sent));
  const first = recorded.find((e) => e.account === sent[0]!.account)!;
  assert.equal(first.ip, sent[0]!.ip);
  assert.equal(first.user_agent, sent[0]!.user_agent);
  assert.ok(recorded.some((e) => e.client_fp === 'fp_1' && e.access_path === 'reseller'));
  assert.equal(recorded.find((e) => e.account === 'acct_user_0')?.org, 'org_x');
  assert.ok(recorded.some((e) => e.endpoint === 'messages'));
  assert.equal((await h.store.getAccount('acct_user_0'))?.tier, 'paid');
  await h.close();
  await upstream.close();
});

test('with a speed, the replay takes the log\'s span divided by the speed', async () => {
  const upstream = await startDemoUpstream();
  const h = await startHarness(upstream.url);
  const log = builtInTraffic(6); // 5 gaps of 37 s = 185 s of log time
  const result = await replayExchanges({ gatewayUrl: h.url, store: h.store, exchanges: log, speed: 185 / 0.5 });
  assert.equal(result.sent, 6);
  assert.ok(result.seconds >= 0.5, `took ${result.seconds} s`);
  await h.close();
  await upstream.close();
});
