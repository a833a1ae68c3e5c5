/**
 * Issue 11, item 4: `/healthz` is answered while the largest exchange is being written. The SQLite write runs in the
 * store's writer thread; here that thread is held deliberately (another connection keeps the database's write lock),
 * and the gateway must answer `/healthz` and other requests while the 4 MB exchange's write is still waiting.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { openDatabase } from '../../src/store/database.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let h: Harness;

before(async () => {
  demo = await startDemoUpstream();
  h = await startHarness(demo.url, { recorder: { flush_ms: 5 } });
});
after(async () => {
  await h.close();
  await demo.close();
});

const chat = (content: string) =>
  fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content }] }),
  });

test('/healthz and other requests are answered while a 4 MB exchange waits to be written', async () => {
  const writer = h.store.exchangeWriter!;
  const dataDir = (h.gateway as unknown as { options: { config: { data: { dir: string } } } }).options.config.data.dir;
  const locker = openDatabase(dataDir);
  locker.exec('BEGIN IMMEDIATE');
  try {
    const prompt = 'lorem ipsum '.repeat((4 * 1024 * 1024) / 12);
    assert.equal((await chat(prompt)).status, 200);
    while (writer.waiting === 0) await sleep(5); // the recorder has handed the batch to the writer thread
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.equal((await chat('a small question')).status, 200);
    assert.ok(writer.waiting > 0, 'the large write was still waiting when /healthz and the next request were answered');
    assert.equal(await h.store.countExchanges(), 0);
  } finally {
    locker.exec('COMMIT');
    locker.close();
  }
  const recorded = await h.recorded();
  assert.equal(recorded.length, 2);
  const first = recorded.find((e) => JSON.stringify(e.request).length > 4_000_000);
  assert.ok(first, 'the 4 MB exchange was recorded whole');
});
