import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const EXITS = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];

/**
 * A reseller's rotation: two slots, each a chain of accounts that sign up minutes before they start, work around the
 * clock for 30 hours through three shared exits (one request every 20 minutes, a tenth of them asking for reasoning)
 * and hand over to the next 15 minutes after they stop. Own scores hold every other account for review. Refreshed
 * every 30 minutes; returns the clusterer and the end of the rotation's traffic.
 */
function rotatingReseller(accounts: Map<string, Account>): { clusterer: HydraClusterer; end: number } {
  const chains = [0, 1].map((slot) => Array.from({ length: 5 }, (_, k) => ({ id: `r${slot}_${k}`, from: T0 + slot * 2 * HOUR + k * (30 * HOUR + 15 * MIN) })));
  for (const chain of chains) for (const a of chain) accounts.set(a.id, { id: a.id, created: new Date(a.from - 10 * MIN).toISOString() });
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  const events: { id: string; k: number; t: number; n: number }[] = [];
  chains.forEach((chain) => chain.forEach((a, k) => {
    for (let n = 0; n < 90; n++) events.push({ id: a.id, k, t: a.from + n * 20 * MIN, n });
  }));
  events.sort((x, y) => x.t - y.t);
  let nextRefresh = T0 + 30 * MIN;
  for (const e of events) {
    while (e.t >= nextRefresh) {
      clusterer.refresh(nextRefresh, scores);
      nextRefresh += 30 * MIN;
    }
    clusterer.observe(syntheticObservation({ account: e.id, t: e.t, ip: EXITS[e.n % 3]!, templateId: `${e.id}_${e.n}`, cot: e.n % 10 === 0 ? 0.9 : 0 }));
    scores.set(e.id, { score: 0.4, verdict: e.k % 2 === 0 ? 'suspicious' : 'benign', exchanges: e.n + 1 });
  }
  const end = events.at(-1)!.t;
  clusterer.refresh(end, scores);
  clusterer.refresh(end + 30 * MIN, scores);
  return { clusterer, end };
}

test("a rotating fleet's next account, signed up minutes before, is flagged at its first exchange on the fleet's exit", () => {
  const accounts = new Map<string, Account>();
  const t = T0 + 5 * (30 * HOUR + 15 * MIN) + 2 * HOUR + 15 * MIN;
  accounts.set('next', { id: 'next', created: new Date(t - 20 * MIN).toISOString() });
  accounts.set('old-customer', { id: 'old-customer', created: '2025-06-01T00:00:00Z' });
  accounts.set('elsewhere', { id: 'elsewhere', created: new Date(t - 20 * MIN).toISOString() });
  const { clusterer, end } = rotatingReseller(accounts);
  assert.ok(t - end < 2 * HOUR && t > end, 'the next account starts as the fleet stops');
  const next = clusterer.observe(syntheticObservation({ account: 'next', t, ip: EXITS[0]!, templateId: 'hello' }));
  assert.equal(next?.verdict, 'distillation', JSON.stringify(next));
  assert.equal(next?.reasons[0]?.signal, 'rotation_successor');
  assert.match(next?.reasons[0]?.detail ?? '', /signed up 0\.3 h before its first request and sends from ip:203\.0\.113\.1/);
  // An account that signed up long ago, on the same exit: not a fresh sign-up put to work.
  assert.equal(clusterer.observe(syntheticObservation({ account: 'old-customer', t, ip: EXITS[1]!, templateId: 'hi' })), null);
  // A fresh sign-up elsewhere: not on the fleet's address.
  assert.equal(clusterer.observe(syntheticObservation({ account: 'elsewhere', t, ip: '198.51.100.7', templateId: 'hey' })), null);
});

test("a fresh sign-up on the fleet's exit long after the fleet stopped working there is left to the refresh", () => {
  const accounts = new Map<string, Account>();
  const t = T0 + 5 * (30 * HOUR + 15 * MIN) + 12 * HOUR;
  accounts.set('late', { id: 'late', created: new Date(t - 20 * MIN).toISOString() });
  const { clusterer } = rotatingReseller(accounts);
  assert.equal(clusterer.observe(syntheticObservation({ account: 'late', t, ip: EXITS[0]!, templateId: 'hello' })), null);
});
