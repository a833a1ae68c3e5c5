import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;

/**
 * A campaign of 10 accounts without payment data, from a small private egress pool with one uncommon client
 * fingerprint, working agentic tool use, confirmed by two refreshes; plus 10 benign chat users on a shared home range
 * with a stock client.
 */
function confirmedCampaign(accounts = new Map<string, Account>(), sharedTemplates = false): { clusterer: HydraClusterer; end: number } {
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  for (let k = 0; k < 40; k++) {
    for (let i = 0; i < 10; i++) {
      const t = T0 + k * 10 * MIN + i * 1000;
      clusterer.observe(
        syntheticObservation({ account: `c${i}`, t, ip: `203.0.113.${k % 3}`, clientFp: 'fp-op', templateId: sharedTemplates ? `task${k}` : `task${i}_${k}`, capability: 'agentic', cot: 1 }),
      );
      scores.set(`c${i}`, { score: 0.45, verdict: 'suspicious', exchanges: k + 1 });
      clusterer.observe(syntheticObservation({ account: `b${i}`, t: t + 500, ip: `198.51.100.${i}`, clientFp: 'fp-stock', templateId: `chat${i}_${k}` }));
      scores.set(`b${i}`, { score: 0.05, verdict: 'benign', exchanges: k + 1 });
    }
  }
  const end = T0 + 40 * 10 * MIN;
  clusterer.refresh(end, scores, { final: true });
  const second = clusterer.refresh(end + 30 * MIN, scores, { final: true });
  assert.equal(second.accountCluster.get('c0')?.verdict, 'distillation', JSON.stringify(second.clusters));
  return { clusterer, end: end + 30 * MIN };
}

test('a fresh account on the campaign\'s egress pool and client, doing harvest-type work, is flagged from its first exchange', () => {
  const { clusterer, end } = confirmedCampaign();
  const v = clusterer.observe(
    syntheticObservation({ account: 'next', t: end + MIN, ip: '203.0.113.1', clientFp: 'fp-op', templateId: 'new-task', capability: 'agentic', cot: 1 }),
  );
  assert.equal(v?.verdict, 'distillation');
  assert.equal(v?.reasons[0]?.signal, 'campaign_footprint');
  assert.match(v?.reasons[0]?.detail ?? '', /address ip:203\.0\.113\.1.*client fp:fp-op/);
  assert.match(v?.reasons[0]?.detail ?? '', /flagged at exchange 1/);
});

test('one kind of footprint alone is not enough: the pool with another client, or the client from elsewhere', () => {
  const { clusterer, end } = confirmedCampaign();
  const pool = clusterer.observe(
    syntheticObservation({ account: 'pool', t: end + MIN, ip: '203.0.113.2', clientFp: 'fp-other', templateId: 'p', capability: 'agentic', cot: 1 }),
  );
  assert.equal(pool, null);
  const client = clusterer.observe(
    syntheticObservation({ account: 'client', t: end + MIN, ip: '192.0.2.77', clientFp: 'fp-op', templateId: 'q', capability: 'agentic', cot: 1 }),
  );
  assert.equal(client, null);
});

test('on the footprint but not doing harvest-type work: left to the refresh', () => {
  const { clusterer, end } = confirmedCampaign();
  const chat = clusterer.observe(syntheticObservation({ account: 'chat', t: end + MIN, ip: '203.0.113.0', clientFp: 'fp-op', templateId: 'hello' }));
  assert.equal(chat, null);
});

test('keys the campaign shares with many others (a stock client, a public range) are no footprint', () => {
  const { clusterer, end } = confirmedCampaign();
  const v = clusterer.observe(
    syntheticObservation({ account: 'look', t: end + MIN, ip: '198.51.100.3', clientFp: 'fp-stock', templateId: 'z', capability: 'agentic', cot: 1 }),
  );
  assert.equal(v, null);
});

test('an account past its first exchanges is judged by the refresh, not by the footprint', () => {
  const { clusterer, end } = confirmedCampaign();
  for (let k = 0; k < 6; k++) {
    const v = clusterer.observe(syntheticObservation({ account: 'old', t: end + k * MIN, ip: '192.0.2.1', clientFp: 'fp-own', templateId: `o${k}` }));
    assert.equal(v, null);
  }
  const later = clusterer.observe(
    syntheticObservation({ account: 'old', t: end + 10 * MIN, ip: '203.0.113.1', clientFp: 'fp-op', templateId: 'o', capability: 'agentic', cot: 1 }),
  );
  assert.equal(later, null);
});

test('a trusted account on the footprint is left to the refresh, and a confirmed member is not matched again', () => {
  const accounts = new Map<string, Account>([['lab', { id: 'lab', allowlisted: true }]]);
  const { clusterer, end } = confirmedCampaign(accounts);
  const lab = clusterer.observe(
    syntheticObservation({ account: 'lab', t: end + MIN, ip: '203.0.113.1', clientFp: 'fp-op', templateId: 'l', capability: 'agentic', cot: 1 }),
  );
  assert.equal(lab, null);
  const member = clusterer.observe(
    syntheticObservation({ account: 'c0', t: end + MIN, ip: '203.0.113.1', clientFp: 'fp-op', templateId: 'again', capability: 'agentic', cot: 1 }),
  );
  assert.equal(member, null);
});

test('the client and the prompts alone are not enough (users of one public agent share both); with an address they are', () => {
  const { clusterer, end } = confirmedCampaign(new Map(), true);
  const user = clusterer.observe(
    syntheticObservation({ account: 'agent-user', t: end + MIN, ip: '192.0.2.9', clientFp: 'fp-op', templateId: 'task5', capability: 'agentic', cot: 1 }),
  );
  assert.equal(user, null);
  const next = clusterer.observe(
    syntheticObservation({ account: 'next', t: end + MIN, ip: '203.0.113.2', clientFp: 'fp-new', templateId: 'task6', capability: 'agentic', cot: 1 }),
  );
  assert.equal(next?.verdict, 'distillation');
  assert.match(next?.reasons[0]?.detail ?? '', /address ip:203\.0\.113\.2.*content t:task6/);
});

test("a campaign's crowded keys (a stock client most of whose users it is) are no footprint", async () => {
  const { KeyBuckets } = await import('./key-buckets.js');
  const { FootprintMatcher } = await import('./footprint.js');
  const { newAccountSummary } = await import('./account-summary.js');
  const keys = new KeyBuckets();
  const confirmed = new Map<number, { cluster: string; score: number }>();
  const stock = keys.idOf('fp:stock');
  const ip = keys.idOf('ip:203.0.113.5');
  for (let a = 0; a < 30; a++) {
    confirmed.set(a, { cluster: 'c_1', score: 0.8 });
    keys.touch(stock, a, T0 + a, Infinity);
    if (a < 3) keys.touch(ip, a, T0 + a, Infinity);
  }
  const fresh = 99;
  keys.touch(stock, fresh, T0 + MIN, Infinity);
  keys.touch(ip, fresh, T0 + MIN, Infinity);
  const matcher = new FootprintMatcher(keys, confirmed);
  matcher.note(fresh, 'client_fp', stock);
  matcher.note(fresh, 'ip', ip);
  const sum = newAccountSummary(fresh, 'fresh', T0 + MIN);
  sum.exchanges = 1;
  sum.harvestKind = 1;
  assert.equal(matcher.match(fresh, sum), null, '30 accounts on one fingerprint: crowded');
  const own = keys.idOf('fp:own');
  for (let a = 0; a < 3; a++) keys.touch(own, a, T0 + a, Infinity);
  keys.touch(own, fresh, T0 + MIN, Infinity);
  matcher.note(fresh, 'client_fp', own);
  assert.equal(matcher.match(fresh, sum)?.cluster, 'c_1', 'a fingerprint of its own, with the address');
});
