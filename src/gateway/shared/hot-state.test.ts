import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { Exchange } from '../../exchange/exchange.js';
import { serviceUrl, servicesSkip, uniqueSchema } from '../../store/testing/services.js';
import { ALLOW, type GuardContext, type GuardResult } from '../hooks.js';
import { SharedHotState } from './hot-state.js';

const skip = await servicesSkip(['redis']);
const url = serviceUrl('redis');
const UNREACHABLE = 'redis://127.0.0.1:1';

async function replicas(n: number, onFailure: 'open' | 'closed' = 'open', at = url) {
  const prefix = `${uniqueSchema('hw')}:`;
  const list = Array.from({ length: n }, () => new SharedHotState({ url: at, prefix, onFailure }));
  if (at === url) for (let i = 0; i < 50 && !list.every((r) => r.connection.healthy); i++) await sleep(20);
  return list;
}

const limit = { ratePerSecond: 0.001, capacity: 5 };

test('a rate limit holds across replicas: two gateways together allow the burst once', { skip }, async () => {
  const [a, b] = await replicas(2);
  try {
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).limiter.take('account:x:r:req', limit, now)));
    assert.equal(results.filter((r) => r.allowed).length, 5);
    assert.ok(results.filter((r) => !r.allowed).every((r) => r.retryAfterMs > 0));
    assert.equal(a!.limiter.fallbacks + b!.limiter.fallbacks, 0);
    for (const key of await a!.connection.client.keys(`${a!.prefix}*`)) await a!.connection.client.del(key);
  } finally {
    await a!.close();
    await b!.close();
  }
});

test('a decision announced by one replica is in the other replica cache within a second', { skip }, async () => {
  const [a, b] = await replicas(2);
  const cache = new ActiveDecisionCache();
  let refreshed = 0;
  b!.follow(cache, () => refreshed++);
  try {
    await sleep(100); // the subscription is set up
    const started = Date.now();
    a!.announce({
      id: 'd_1', target: { kind: 'account', id: 'acct_9' }, action: 'block', params: {}, reason: 'r', evidence: null,
      source: 'analyst', rule: null, createdAt: started, expiresAt: null, lifted: false, seq: 1,
    });
    while (cache.lookup('acct_9', null, Date.now()).length === 0 && Date.now() - started < 1000) await sleep(5);
    assert.equal(cache.lookup('acct_9', null, Date.now())[0]?.action, 'block');
    a!.announceRefresh();
    while (refreshed === 0 && Date.now() - started < 1000) await sleep(5);
    assert.equal(refreshed, 1);
  } finally {
    await a!.close();
    await b!.close();
  }
});

test('per-account counters add up across replicas', { skip }, async () => {
  const [a, b] = await replicas(2);
  const ex = { account: 'acct_c', response: { status: 200, input_tokens: 10, output_tokens: 5 } } as Exchange;
  try {
    a!.count(ex);
    a!.count(ex);
    b!.count(ex);
    await a!.flushCounters();
    await b!.flushCounters();
    const day = new Date().toISOString().slice(0, 10);
    assert.deepEqual((await a!.counters(day)).acct_c, { requests: 3, tokens: 45 });
    for (const key of await a!.connection.client.keys(`${a!.prefix}*`)) await a!.connection.client.del(key);
  } finally {
    await a!.close();
    await b!.close();
  }
});

test('Redis unreachable, on_failure open: each replica serves with its own limits', async () => {
  const [a] = await replicas(1, 'open', UNREACHABLE);
  try {
    const now = Date.now();
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await a!.limiter.take('k', limit, now));
    assert.equal(results.filter((r) => r.allowed).length, 5, 'the local bucket still limits');
    assert.equal(a!.limiter.fallbacks, 7);
    const inner = () => ALLOW;
    assert.equal(a!.guard(inner), inner, 'requests pass');
  } finally {
    await a!.close();
  }
});

test('Redis unreachable, on_failure closed: requests are refused with 503 until it is back', async () => {
  const [a] = await replicas(1, 'closed', UNREACHABLE);
  try {
    assert.equal((await a!.limiter.take('k', limit, Date.now())).allowed, false);
    const answer = (await a!.guard(() => ALLOW)({} as GuardContext)) as GuardResult;
    assert.ok(answer.action === 'deny' && answer.status === 503 && answer.headers?.['retry-after'] === '1');
  } finally {
    await a!.close();
  }
});
