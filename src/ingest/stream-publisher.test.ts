import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from '../exchange/exchange.js';
import { serviceUrl, servicesSkip, uniqueSchema } from '../store/testing/services.js';
import { connectNats, partitionOf } from './nats-stream.js';
import { ExchangeStreamPublisher } from './stream-publisher.js';

const skip = await servicesSkip(['nats']);
const ex = (i: number): Exchange => ({
  id: `ex_${i}`,
  ts: new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString(),
  account: `acct_${i % 3}`,
  ip: '10.0.0.1',
  model: 'm-1',
  endpoint: 'chat.completions',
  request: { messages: [{ role: 'user', content: `q${i}` }] },
  response: { status: 200, text: 'a'.repeat(50) },
});

test('an account always maps to the same partition, and accounts spread over all of them', () => {
  assert.equal(partitionOf('acct_42', 16), partitionOf('acct_42', 16));
  const seen = new Set(Array.from({ length: 500 }, (_, i) => partitionOf(`acct_${i}`, 16)));
  assert.equal(seen.size, 16);
});

test('NATS unreachable: exchanges go to a bounded spool, the overflow is counted, and nothing is published', async () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'hw-spool-'));
  const p = new ExchangeStreamPublisher({ url: 'nats://127.0.0.1:1', name: 'X', subjectPrefix: 'x', partitions: 4, spoolDir, spoolMaxBytes: 2500, flushMs: 10_000 });
  for (let i = 0; i < 20; i++) p.publish(ex(i));
  await p.flush();
  assert.equal(p.stats.published, 0);
  assert.equal(p.stats.spooled, 0, 'one batch larger than the spool is dropped whole');
  assert.equal(p.stats.dropped, 20);
  for (let i = 0; i < 5; i++) p.publish(ex(i));
  await p.flush();
  assert.equal(p.stats.spooled, 5);
  assert.equal(readdirSync(spoolDir).length, 1);
  await p.close();
});

test('the spool is replayed in order once NATS is reachable, then deleted', { skip }, async () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'hw-spool-'));
  const name = uniqueSchema('HW').toUpperCase();
  const common = { name, subjectPrefix: name.toLowerCase(), partitions: 4, spoolDir, spoolMaxBytes: 1 << 20, flushMs: 50 };
  const offline = new ExchangeStreamPublisher({ ...common, url: 'nats://127.0.0.1:1' });
  for (let i = 0; i < 12; i++) offline.publish(ex(i));
  await offline.close();
  assert.equal(offline.stats.spooled, 12);

  const online = new ExchangeStreamPublisher({ ...common, url: serviceUrl('nats') });
  const nc = await connectNats(serviceUrl('nats'));
  try {
    for (let i = 0; i < 100 && !online.isConnected; i++) await new Promise((r) => setTimeout(r, 20));
    online.publish(ex(12));
    await online.flush();
    await online.flush();
    const jsm = await nc.jetstreamManager();
    assert.equal((await jsm.streams.info(name)).state.messages, 13);
    assert.equal(readdirSync(spoolDir).filter((f) => f.startsWith('spool-')).length, 0);
    const first = await jsm.streams.getMessage(name, { seq: 1 });
    assert.equal(first.json<Exchange>().id, 'ex_0', 'spooled exchanges go first, in order');
    const last = await jsm.streams.getMessage(name, { seq: 13 });
    assert.equal(last.json<Exchange>().id, 'ex_12');
    await jsm.streams.delete(name);
  } finally {
    await online.close();
    await nc.close();
  }
});
