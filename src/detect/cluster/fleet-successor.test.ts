import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;

/** A fleet of 12 accounts on 3 cards working agentic tool use from a pool of four egress addresses, confirmed by two refreshes. */
function confirmedFleet(): HydraClusterer {
  const accounts = new Map<string, Account>();
  for (let i = 0; i < 12; i++) accounts.set(`f${i}`, { id: `f${i}`, payment: `card${i % 3}` });
  accounts.set('next', { id: 'next', payment: 'card0' });
  accounts.set('own', { id: 'own', payment: 'own-card' });
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  for (let k = 0; k < 40; k++) {
    for (let i = 0; i < 12; i++) {
      const t = T0 + k * 10 * MIN + i * 1000;
      const v = clusterer.observe(
        syntheticObservation({ account: `f${i}`, t, ip: `203.0.113.${k % 4}`, templateId: `task${i}_${k}`, capability: 'agentic' }),
      );
      assert.equal(v, null, 'nothing is known at once about the fleet itself');
      scores.set(`f${i}`, { score: 0.1, verdict: 'benign', exchanges: k + 1 });
    }
  }
  const end = T0 + 40 * 10 * MIN;
  clusterer.refresh(end, scores, { final: true });
  const second = clusterer.refresh(end + 30 * MIN, scores, { final: true });
  assert.equal(second.accountCluster.get('f0')?.verdict, 'distillation', JSON.stringify([second.clusters, second.accountCluster.get('f0')]));
  return clusterer;
}

test("a new account paid by a confirmed fleet's card is flagged at its first exchange; others wait", () => {
  const clusterer = confirmedFleet();
  const t = T0 + 500 * MIN;
  const next = clusterer.observe(syntheticObservation({ account: 'next', t, ip: '198.51.100.9', templateId: 'x', capability: 'agentic' }));
  assert.equal(next?.verdict, 'distillation');
  assert.match(next?.reasons[0]?.detail ?? '', /pays for \d+ other account\(s\)/);
  const own = clusterer.observe(syntheticObservation({ account: 'own', t, ip: '198.51.100.10', templateId: 'y', capability: 'agentic' }));
  assert.equal(own, null);
});

/** Six accounts on two cards working agentic tool use; each card also pays for accounts that have sent nothing yet. */
function preRegisteredFleet(idleSignUp: string): Verdict | undefined {
  const accounts = new Map<string, Account>();
  const before = '2026-02-20T00:00:00Z';
  for (let i = 0; i < 6; i++) accounts.set(`f${i}`, { id: `f${i}`, payment: `card${i % 2}`, created: before });
  for (let i = 0; i < 4; i++) accounts.set(`idle${i}`, { id: `idle${i}`, payment: `card${i % 2}`, created: idleSignUp });
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  for (let k = 0; k < 40; k++) {
    for (let i = 0; i < 6; i++) {
      const t = T0 + k * 10 * MIN + i * 1000;
      clusterer.observe(syntheticObservation({ account: `f${i}`, t, ip: `203.0.113.${k % 4}`, templateId: `task${i}_${k}`, capability: 'agentic' }));
      scores.set(`f${i}`, { score: 0.1, verdict: 'benign', exchanges: k + 1 });
    }
  }
  const end = T0 + 40 * 10 * MIN;
  clusterer.refresh(end, scores, { final: true });
  return clusterer.refresh(end + 30 * MIN, scores, { final: true }).accountCluster.get('f0')?.verdict;
}

test('accounts a fleet card paid for at sign-up count before they send traffic, and not before they sign up', () => {
  assert.equal(preRegisteredFleet('2026-02-25T00:00:00Z'), 'distillation', 'ten accounts on two cards, six active');
  assert.notEqual(preRegisteredFleet('2026-03-05T00:00:00Z'), 'distillation', 'the idle accounts sign up later');
});
