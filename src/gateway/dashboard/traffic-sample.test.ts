import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../exchange/exchange.js';
import { redactPrompt, sampleTraffic } from './traffic-sample.js';
import type { DashboardStore } from './dashboard-source.js';

const exchange = (i: number, account: string, prompt: string): Exchange => ({
  id: `ex-${i}`,
  ts: new Date(Date.UTC(2026, 0, 1, 0, i * 20)).toISOString(),
  account,
  ip: '203.0.113.7',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [{ role: 'user', content: prompt }] },
  response: { status: 200 },
});

const storeOf = (exchanges: Exchange[]): DashboardStore => ({
  listReleases: async () => [],
  getAccount: async () => null,
  upsertAccount: async () => false,
  async *exchanges() {
    yield* exchanges;
  },
});

test('redaction masks e-mail addresses, URLs and digit runs', () => {
  assert.equal(redactPrompt('mail bob@example.com at https://x.io/a card 4111222233334444 age 42'), 'mail [email] at [url] card ################ age 42');
});

test('samples the chosen accounts only, counts them per hour, and redacts unless told not to', async () => {
  const log = [exchange(0, 'a', 'call 5551234'), exchange(1, 'b', 'other'), exchange(2, 'a', 'second'), exchange(3, 'a', 'third')];
  const sample = await sampleTraffic(storeOf(log), new Set(['a']), log[0]!.ts);
  assert.deepEqual(sample.samples.map((s) => s.prompt), ['call #######', 'second']);
  assert.deepEqual(sample.hourly.map((h) => h.exchanges), [2, 1]);
  assert.equal(sample.partial, false);
  const full = await sampleTraffic(storeOf(log), new Set(['a']), log[0]!.ts, { redact: false });
  assert.equal(full.samples[0]?.prompt, 'call 5551234');
});
