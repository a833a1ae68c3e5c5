import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../exchange/exchange.js';
import type { WriterItem } from './exchange-insert.js';
import { ExchangeRecorder } from './recorder.js';

const ex = (i: number): Exchange => ({
  id: `ex_${i}`,
  ts: new Date(1_700_000_000_000 + i).toISOString(),
  account: 'a',
  ip: '127.0.0.1',
  model: 'm',
  endpoint: 'chat.completions',
  request: {},
  response: { status: 200 },
});

test('exchanges are written in batches after the flush window, not one by one', async () => {
  const batches: number[] = [];
  const rec = new ExchangeRecorder((b) => void batches.push(b.length), { flushMs: 30 });
  for (let i = 0; i < 5; i++) rec.record(ex(i));
  assert.equal(rec.depth, 5);
  assert.deepEqual(batches, []);
  await sleep(60);
  assert.deepEqual(batches, [5]);
  assert.equal(rec.depth, 0);
  await rec.close();
});

test('a full batch is written without waiting for the window', async () => {
  const batches: number[] = [];
  const rec = new ExchangeRecorder((b) => void batches.push(b.length), { flushMs: 10_000, maxBatch: 3 });
  for (let i = 0; i < 7; i++) rec.record(ex(i));
  await sleep(5);
  assert.deepEqual(batches, [7]);
  await rec.close();
});

test('close writes everything queued and refuses new exchanges', async () => {
  const seen: string[] = [];
  const rec = new ExchangeRecorder(async (b) => {
    await sleep(5);
    for (const e of b) seen.push(e.id);
  }, { flushMs: 10_000 });
  for (let i = 0; i < 4; i++) rec.record(ex(i));
  await rec.close();
  assert.deepEqual(seen, ['ex_0', 'ex_1', 'ex_2', 'ex_3']);
  assert.throws(() => rec.record(ex(9)));
});

test('a failed write keeps the batch and retries it', async () => {
  let fail = true;
  const seen: string[] = [];
  const errors: number[] = [];
  const rec = new ExchangeRecorder(
    (b) => {
      if (fail) throw new Error('disk full');
      for (const e of b) seen.push(e.id);
    },
    { flushMs: 10, onError: (_e, n) => errors.push(n) },
  );
  rec.record(ex(1));
  await sleep(25);
  assert.deepEqual(errors.slice(0, 1), [1]);
  fail = false;
  rec.record(ex(2));
  await sleep(40);
  assert.deepEqual(seen, ['ex_1', 'ex_2']);
  await rec.close();
});

/** The body: 6,000 nested arrays, which JSON.stringify cannot serialise (stack overflow). */
const deeplyNested = (): Record<string, unknown> =>
  JSON.parse(`{"model":"m","messages":"x","x":${'['.repeat(6000)}${']'.repeat(6000)}}`) as Record<string, unknown>;

test('an exchange the store cannot serialise is stored reduced and the rest of its batch goes through', async () => {
  const { SqliteStore } = await import('./sqlite-store.js');
  const store = new SqliteStore(':memory:');
  const reduced: number[] = [];
  const rec = new ExchangeRecorder((b) => store.insertExchanges(b), { flushMs: 10, onReduced: (n) => reduced.push(n) });
  rec.record(ex(1));
  rec.record({ ...ex(2), request: deeplyNested() });
  rec.record(ex(3));
  await rec.flush();
  // Later exchanges keep being recorded: the poison did not stop the recorder.
  rec.record(ex(4));
  await rec.close();
  const stored: Exchange[] = [];
  for await (const e of store.exchanges()) stored.push(e);
  assert.deepEqual(stored.map((e) => e.id), ['ex_1', 'ex_2', 'ex_3', 'ex_4']);
  const poisoned = stored[1] as Exchange & { recorder_note?: string };
  assert.deepEqual(poisoned.request, {});
  assert.equal(poisoned.account, 'a');
  assert.match(poisoned.recorder_note ?? '', /could not be stored/);
  assert.deepEqual(reduced, [1]);
  assert.equal(rec.reduced, 1);
  await store.close();
});

test('an exchange that cannot be stored even reduced is dropped and counted; the others are written', async () => {
  const seen: string[] = [];
  const drops: [string, number][] = [];
  const rec = new ExchangeRecorder(
    (b) => {
      if (b.some((e) => e.account === 'evil')) throw new Error('refused');
      for (const e of b) seen.push(e.id);
    },
    { flushMs: 10, onDropped: (reason, n) => drops.push([reason, n]) },
  );
  rec.record(ex(1));
  rec.record({ ...ex(2), account: 'evil' });
  rec.record(ex(3));
  await rec.close();
  assert.deepEqual(seen, ['ex_1', 'ex_3']);
  assert.deepEqual(drops, [['unstorable', 1]]);
});

test('a store that stays down is retried a bounded number of times, then the batch is dropped and counted', async () => {
  let attempts = 0;
  const drops: [string, number][] = [];
  const rec = new ExchangeRecorder(
    () => {
      attempts++;
      throw new Error('database is locked');
    },
    { flushMs: 5, maxAttempts: 3, onDropped: (reason, n) => drops.push([reason, n]) },
  );
  rec.record(ex(1));
  rec.record(ex(2));
  await sleep(100);
  assert.equal(rec.depth, 0, 'nothing is retried forever');
  assert.deepEqual(drops, [['store_down', 2]]);
  // Each failed round tries the batch, then each exchange whole and reduced.
  assert.equal(attempts, 3 * 5);
  await rec.close();
});

test('the queue is bounded: beyond maxQueue new exchanges are dropped and counted', async () => {
  let release: () => void = () => {};
  const blocked = new Promise<void>((r) => (release = r));
  const seen: string[] = [];
  const rec = new ExchangeRecorder(
    async (b) => {
      await blocked;
      for (const e of b) seen.push(e.id);
    },
    { flushMs: 1, maxBatch: 2, maxQueue: 3 },
  );
  rec.record(ex(0));
  rec.record(ex(1));
  await sleep(10); // the first batch is now being written (and blocked)
  const accepted = [2, 3, 4, 5, 6].map((i) => rec.record(ex(i)));
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.equal(rec.depth, 3);
  assert.equal(rec.dropped.queue_full, 2);
  release();
  await rec.close();
  assert.deepEqual(seen, ['ex_0', 'ex_1', 'ex_2', 'ex_3', 'ex_4']);
});

test('close never throws, even when the store refuses everything', async () => {
  const rec = new ExchangeRecorder(() => {
    throw new Error('disk full');
  }, { flushMs: 10_000, maxAttempts: 2 });
  rec.record(ex(1));
  await rec.close();
  assert.equal(rec.dropped.store_down, 1);
});

test('exchanges may wait in the store’s own form: an unserialisable one waits reduced, a refused one is reduced from its form', async () => {
  const { SqliteStore } = await import('./sqlite-store.js');
  const store = new SqliteStore(':memory:');
  const queued = store.queuedExchanges();
  const reduced: number[] = [];
  const refuse = (items: readonly WriterItem[]) => {
    if (items.some((item) => Array.isArray(item) && item[0] === 'ex_3' && item[4].includes('"request":{"'))) throw new Error('refused whole');
    return queued.insert(items);
  };
  const rec = new ExchangeRecorder<WriterItem>(refuse, { flushMs: 10, onReduced: (n) => reduced.push(n) }, queued);
  const original = ex(1);
  rec.record(original);
  rec.record({ ...ex(2), request: deeplyNested() });
  rec.record({ ...ex(3), request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } });
  assert.equal(rec.reduced, 1, 'the unserialisable one is reduced as it is queued');
  await rec.close();
  const stored: Exchange[] = [];
  for await (const e of store.exchanges()) stored.push(e);
  assert.deepEqual(stored.map((e) => e.id), ['ex_1', 'ex_2', 'ex_3']);
  assert.deepEqual(stored[0], original);
  assert.deepEqual(stored[1]!.request, {});
  assert.deepEqual(stored[2]!.request, {}, 'refused whole, stored reduced from its row');
  assert.equal(stored[2]!.account, 'a');
  assert.deepEqual(reduced, [1, 1]);
  await store.close();
});
