/** Retention wired into the gateway: a listening gateway with `retention.*` set purges old exchanges by itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { signalsOnly } from '../../src/gateway/privacy.js';
import { ExchangeRetention } from '../../src/store/retention.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startHarness } from '../gateway/harness.js';

const DAY = 86_400_000;

test('a gateway with retention settings deletes and reduces old exchanges once it listens', async () => {
  const upstream = await startDemoUpstream();
  const store = new SqliteStore(':memory:');
  const old = (id: string, days: number) => ({
    id,
    ts: new Date(Date.now() - days * DAY).toISOString(),
    account: 'acct_1',
    ip: '192.0.2.1',
    model: 'm-1',
    endpoint: 'chat.completions',
    request: { model: 'm-1', messages: [{ role: 'user', content: 'an old secret prompt' }] },
    response: { status: 200, text: 'an old secret answer' },
  });
  await store.insertExchanges([old('ancient', 400), old('month', 40), old('fresh', 1)]);
  const retention = new ExchangeRetention(store.db, { exchangesDays: 365, fullTextDays: 30 }, signalsOnly);
  const h = await startHarness(upstream.url, { retention: { exchanges_days: 365, full_text_days: 30 } }, { store, retention });
  try {
    for (let i = 0; i < 100 && (await store.countExchanges()) > 2; i++) await new Promise((r) => setTimeout(r, 10));
    const kept = new Map<string, string>();
    for await (const ex of store.exchanges()) kept.set(ex.id, JSON.stringify(ex));
    assert.deepEqual([...kept.keys()].sort(), ['fresh', 'month']);
    assert.equal(kept.get('month')!.includes('secret'), false, 'text older than full_text_days was kept');
    assert.equal(kept.get('fresh')!.includes('secret'), true);
  } finally {
    await h.close();
    await store.close();
    await upstream.close();
  }
});
