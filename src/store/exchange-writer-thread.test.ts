import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Exchange } from '../exchange/exchange.js';
import { openDatabase } from './database.js';
import { SqliteStore } from './sqlite-store.js';
import { exchangeAt } from './testing/store-suite.js';

const ex = (i: number, request: Record<string, unknown> = {}): Exchange => ({
  ...exchangeAt(`ex_${i}`, new Date(1_700_000_000_000 + i).toISOString()),
  request,
});

const tempStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-writer-'));
  return { dir, store: new SqliteStore(dir) };
};

/** Settles to 'pending' when `p` has not settled by the next turn of the event loop. */
const stateOf = (p: Promise<unknown>) =>
  Promise.race([p.then(() => 'fulfilled', () => 'rejected'), new Promise((r) => setImmediate(() => r('pending')))]);

test('a file-backed store writes exchanges in another thread, so a blocked write leaves this thread free', async () => {
  const { dir, store } = tempStore();
  await store.insertExchanges([ex(0)]); // starts the writer thread
  assert.ok(store.exchangeWriter!.threadId !== null && store.exchangeWriter!.threadId !== threadId);
  // A third connection holds the write lock: the writer thread waits for it (busy_timeout), this thread must not.
  const locker = openDatabase(dir);
  locker.exec('BEGIN IMMEDIATE');
  const big = 'x'.repeat(4 * 1024 * 1024);
  const write = store.insertExchanges([ex(1, { prompt: big })]);
  assert.equal(await stateOf(write), 'pending', 'the call returned while the write waits for the lock');
  assert.equal(store.exchangeWriter!.waiting, 1);
  assert.equal(await store.countExchanges(), 1, 'readers on this thread are not blocked either');
  locker.exec('COMMIT');
  locker.close();
  await write;
  assert.equal(await store.countExchanges(), 2);
  const stored: Exchange[] = [];
  for await (const e of store.exchanges()) stored.push(e);
  assert.equal((stored[1]!.request as { prompt: string }).prompt.length, big.length);
  await store.close();
});

test('a batch the writer refuses rejects with its reason, and the next batch is written', async () => {
  const { store } = tempStore();
  const deep = JSON.parse(`{"x":${'['.repeat(6000)}${']'.repeat(6000)}}`) as Record<string, unknown>;
  await assert.rejects(store.insertExchanges([ex(1), ex(2, deep)]), /call stack/);
  await store.insertExchanges([ex(3)]);
  assert.equal(await store.countExchanges(), 1, 'nothing of the refused batch was written');
  await store.close();
});

test('close writes the batches already sent before the thread ends; later writes are refused', async () => {
  const { dir, store } = tempStore();
  const writes = [store.insertExchanges([ex(1), ex(2)]), store.insertExchanges([ex(3)])];
  await store.close();
  await Promise.all(writes);
  await assert.rejects(store.insertExchanges([ex(4)]), /closed/);
  const reopened = new SqliteStore(dir);
  assert.equal(await reopened.countExchanges(), 3);
  await reopened.close();
});
