import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../exchange/exchange.js';
import { ExchangeRetention } from './retention.js';
import { SqliteStore } from './sqlite-store.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T00:00:00.000Z');

const at = (id: string, ageDays: number): Exchange => ({
  id,
  ts: new Date(NOW - ageDays * DAY).toISOString(),
  account: 'acct_1',
  ip: '192.0.2.1',
  model: 'm',
  endpoint: 'chat.completions',
  request: { messages: [{ role: 'user', content: `secret prompt ${id}` }] },
  response: { status: 200, text: `secret answer ${id}` },
});

/** A stand-in reducer: drops the text and marks the exchange (the gateway's is privacy.signalsOnly). */
const reduce = (ex: Exchange): Exchange => ({ ...ex, request: {}, response: { status: ex.response.status }, reduced: true }) as Exchange;

async function storeWith(ages: number[]): Promise<SqliteStore> {
  const store = new SqliteStore(':memory:');
  await store.insertExchanges(ages.map((age, i) => at(`e${i}`, age)));
  return store;
}

async function all(store: SqliteStore): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const ex of store.exchanges()) out.push(ex);
  return out;
}

test('exchanges past exchanges_days are deleted, those past full_text_days keep only the reduced form', async () => {
  const store = await storeWith([0.5, 5, 29, 31, 200]);
  const retention = new ExchangeRetention(store.db, { exchangesDays: 30, fullTextDays: 3 }, reduce);
  assert.deepEqual(retention.purgeAll(NOW), { deleted: 2, reduced: 2, more: false });
  const left = await all(store);
  assert.deepEqual(
    left.map((e) => e.id),
    ['e2', 'e1', 'e0'],
  );
  const byId = new Map(left.map((e) => [e.id, e]));
  assert.equal(JSON.stringify(byId.get('e0')).includes('secret'), true, 'recent exchanges keep their text');
  for (const id of ['e1', 'e2']) {
    assert.equal(JSON.stringify(byId.get(id)).includes('secret'), false, `${id} kept its text past full_text_days`);
    assert.equal((byId.get(id) as Record<string, unknown>).reduced, true);
  }
  // Nothing left to do: a second purge touches nothing (reduced rows are not reduced again).
  assert.deepEqual(retention.purgeAll(NOW), { deleted: 0, reduced: 0, more: false });
  await store.close();
});

test('without retention settings nothing is removed; bad settings are refused', async () => {
  const store = await storeWith([1, 1000]);
  const none = new ExchangeRetention(store.db, {}, reduce);
  assert.equal(none.active, false);
  assert.deepEqual(none.purgeAll(NOW), { deleted: 0, reduced: 0, more: false });
  assert.equal(await store.countExchanges(), 2);
  assert.throws(() => new ExchangeRetention(store.db, { exchangesDays: 0 }, reduce), /exchangesDays must be a positive number/);
  assert.throws(() => new ExchangeRetention(store.db, { fullTextDays: Number.NaN }, reduce), /fullTextDays/);
  await store.close();
});

test('the purge works in bounded slices, so a large backlog never holds the event loop in one go', async () => {
  const store = await storeWith(Array.from({ length: 25 }, (_, i) => 40 + i));
  const retention = new ExchangeRetention(store.db, { exchangesDays: 30 }, reduce);
  const first = retention.purgeSlice(NOW, 10);
  assert.deepEqual(first, { deleted: 10, reduced: 0, more: true });
  assert.equal(await store.countExchanges(), 15);
  assert.deepEqual(retention.purgeAll(NOW), { deleted: 15, reduced: 0, more: false });
  await store.close();
});

test('the scheduler purges at start and keeps going while slices leave work', async () => {
  const store = await storeWith([100, 200, 300]);
  const retention = new ExchangeRetention(store.db, { exchangesDays: 30 }, reduce);
  const slices: number[] = [];
  const stop = retention.start(60_000, (r) => slices.push(r.deleted));
  for (let i = 0; i < 50 && (await store.countExchanges()) > 0; i++) await new Promise((r) => setTimeout(r, 5));
  stop();
  assert.equal(await store.countExchanges(), 0);
  assert.deepEqual(slices, [3]);
  await store.close();
});
