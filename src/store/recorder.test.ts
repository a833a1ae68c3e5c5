import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../exchange/exchange.js';
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
