/**
 * Detection state survives a restart of `serve` (embedded mode): the detection thread rebuilds the profiles from the
 * recorded archive, the hydra clusters come back under the same ids, and an analyst's decision on a cluster keeps
 * applying to the same accounts.
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
import type { Account } from '../../src/exchange/account.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { readExchangeLog } from '../../src/ingest/jsonl-file.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');

test('a restarted serve rebuilds detection from its archive; a decision on a cluster keeps applying to the same accounts', { timeout: 300_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hw-restart-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const sim = spawnSync(process.execPath, [BIN, 'simulate', 'smoke', '--out', join(root, 'sim')], { encoding: 'utf8' });
  assert.equal(sim.status, 0, sim.stderr);
  const exchanges: Exchange[] = [];
  for await (const ex of readExchangeLog(join(root, 'sim', 'exchanges.jsonl'), () => {})) exchanges.push(ex);
  const accounts = readFileSync(join(root, 'sim', 'accounts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Account);

  // What a gateway recorded before it stopped: the archive and the account registry.
  const data = join(root, 'gw');
  const before = new SqliteStore(data);
  for (const a of accounts) await before.upsertAccount(a);
  await before.insertExchanges(exchanges);
  await before.close();

  const upstream = await startDemoUpstream();
  t.after(() => upstream.close());
  const config = resolveConfig({ upstream: { url: upstream.url }, server: { port: 0 }, data: { dir: data }, log: { level: 'silent' } }, {});
  const start = async () => {
    const gw = await startGateway(config, loadDefaultPolicy());
    const detection = gw.online!.detection!;
    const ready = await detection.ready;
    await gw.online!.refreshClusters();
    return { ...gw, detection, ready };
  };

  const first = await start();
  assert.equal(first.ready.rebuilt, exchanges.length, 'every archived exchange is observed again');
  const clusters = first.detection.currentClusters();
  assert.ok(clusters.length > 0, 'smoke has hydra clusters');
  const target = [...clusters].sort((a, b) => b.accounts.length - a.accounts.length)[0]!;
  const member = target.accounts[0]!;
  assert.equal(first.detection.view(member)?.cluster, target.id);
  const profiled = (await first.detection.accountReport(member))!;
  await first.stores.decisions.add({ target: { kind: 'cluster', id: target.id }, action: 'block', reason: 'analyst: campaign', source: 'analyst', actor: 'test' });
  await first.online!.close();
  await first.gateway.close(5000);
  await first.store.close();

  const second = await start();
  t.after(async () => {
    await second.online!.close();
    await second.gateway.close(5000);
    await second.store.close();
  });
  assert.equal(second.ready.rebuilt, exchanges.length);
  const again = second.detection.currentClusters().find((c) => c.id === target.id);
  assert.ok(again, `cluster ${target.id} is found again under its id`);
  assert.deepEqual([...again.accounts].sort(), [...target.accounts].sort());
  assert.deepEqual(await second.detection.accountReport(member), profiled, 'the member is known as before the restart');
  // The analyst's block on the cluster applies to its members after the restart.
  const { secret } = await second.store.createKey(member);
  const res = await fetch(`${second.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'hello' }] }),
  });
  await res.arrayBuffer();
  assert.equal(res.status, 403);
});
