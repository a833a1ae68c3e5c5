import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixtureLog } from '../../detect/testing/fixture-log.js';
import { DetectionThread } from './detection-thread.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalItemsPath, itemLine } from '../../detect/eval-items-file.js';
import { itemFingerprint } from '../../signals/eval-items.js';
import type { AccountView } from './online-detector.js';
import type { Exchange } from '../../exchange/exchange.js';

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

test('the detection thread reads the registered benchmark items of its data directory', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-thread-items-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const items = Array.from({ length: 40 }, (_, i) => `A garden has ${i + 3} rows of ${2 * i + 5} tulips and ${i % 7 + 1} rows of roses; how many flowers are there?`);
  writeFileSync(evalItemsPath(dataDir), items.map((it) => itemLine('garden-v1', itemFingerprint(it)!)).join('\n'));
  const thread = new DetectionThread({
    data: { accounts: [], releases: [], clusters: false, clusterRefreshMs: 60_000, dataDir, watchlist: false, archive: null },
    onChange: () => {},
  });
  t.after(() => thread.close());
  await thread.ready;
  const t0 = Date.parse('2026-02-02T00:00:00Z');
  ['m-1', 'm-2'].forEach((model, round) =>
    items.forEach((it, i) =>
      thread.observe({
        id: `g${round}-${i}`,
        ts: new Date(t0 + round * 86_400_000 + i * 30_000).toISOString(),
        account: 'harness',
        ip: '198.51.100.9',
        model,
        endpoint: 'chat.completions',
        request: { model, temperature: 0, messages: [{ role: 'user', content: `Problem: ${it}` }] },
        response: { status: 200, text: '90', input_tokens: 30, output_tokens: 40 },
      }),
    ),
  );
  await thread.flush();
  const report = await thread.accountReport('harness');
  assert.match(report?.reasons.find((r) => r.signal === 'evaluation_behaviour')?.detail ?? '', /registered benchmark items, sent to 2 models/);
});

/** A thread with no accounts and no cluster layer, closed after the test. */
async function bareThread(t: TestContext): Promise<DetectionThread> {
  const thread = new DetectionThread({
    data: { accounts: [], releases: [], clusters: false, clusterRefreshMs: 60_000, dataDir: null, watchlist: false, archive: null },
  });
  t.after(() => thread.close());
  await thread.ready;
  return thread;
}

/** The i-th exchange of account `writer`, a minute apart, asking `request`. */
const writerExchange = (i: number, request: Record<string, unknown>, response: Exchange['response']): Exchange => ({
  id: `ex-${i}`,
  ts: new Date(Date.parse('2026-02-02T00:00:00Z') + i * 60_000).toISOString(),
  account: 'writer',
  ip: '198.51.100.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request,
  response,
});

test('large exchanges (handed over whole) and small ones (as their lines) are observed alike, in order', { timeout: 120_000 }, async (t) => {
  const thread = await bareThread(t);
  const sizes = [10, 40_000, 20, 100_000];
  sizes.forEach((n, i) =>
    thread.observe(
      writerExchange(
        i,
        { model: 'm-1', messages: [{ role: 'user', content: `Summarise: ${'lorem ipsum '.repeat(n / 12)}` }] },
        { status: 200, text: 'A summary.', input_tokens: n / 4, output_tokens: 3 },
      ),
    ),
  );
  await thread.flush();
  assert.equal((await thread.stats()).observed, sizes.length);
  assert.equal((await thread.accountReport('writer'))?.exchanges, sizes.length);
});

test('an exchange too deeply nested to serialise is left out of detection and counted; the rest are observed', { timeout: 120_000 }, async (t) => {
  const thread = await bareThread(t);
  let deep: unknown = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  for (let i = 0; i < 3; i++) {
    thread.observe(
      writerExchange(
        i,
        i === 1 ? { model: 'm-1', messages: deep } : { model: 'm-1', messages: [{ role: 'user', content: 'Hello.' }] },
        { status: 200, text: 'Hi.', input_tokens: 2, output_tokens: 1 },
      ),
    );
  }
  await thread.flush();
  const stats = await thread.stats();
  assert.equal(stats.observed, 2);
  assert.equal(stats.dropped, 1);
});
