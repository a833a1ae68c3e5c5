import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureLog } from '../../detect/testing/fixture-log.js';
import { DetectionThread } from './detection-thread.js';
import type { AccountView } from './online-detector.js';

test('the detection thread flags the harvester of the fixture log and sends its view back; the humans stay benign', { timeout: 120_000 }, async (t) => {
  const fx = fixtureLog();
  const changes: { id: string; view: AccountView; changed: boolean }[] = [];
  const thread = new DetectionThread({
    data: { accounts: fx.accounts, releases: [], clusters: false, clusterRefreshMs: 60_000, dataDir: null, watchlist: false, archive: null },
    onChange: (id, view, changed) => changes.push({ id, view, changed }),
  });
  t.after(() => thread.close());
  assert.equal((await thread.ready).rebuilt, 0);
  for (const ex of fx.exchanges) thread.observe(ex);
  assert.equal(thread.view(fx.harvester), undefined, 'handing over never waits for detection');
  await thread.flush();
  assert.equal(thread.view(fx.harvester)?.verdict, 'distillation');
  assert.ok(changes.some((c) => c.id === fx.harvester && c.view.verdict === 'distillation' && c.changed));
  for (const h of fx.humans) assert.equal(thread.view(h)?.verdict ?? 'benign', 'benign');
  const harvested = fx.exchanges.filter((e) => e.account === fx.harvester).length;
  assert.equal(thread.view(fx.harvester)?.exchanges, harvested, 'the view follows every exchange, not only verdict changes');
  assert.equal((await thread.accountReport(fx.harvester))?.exchanges, harvested);
  const stats = await thread.stats();
  assert.equal(stats.observed, fx.exchanges.length);
  assert.equal(stats.dropped, 0);
});
