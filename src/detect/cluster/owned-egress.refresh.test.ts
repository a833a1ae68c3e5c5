import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import type { ClusterVerdict } from '../cluster-layer.js';
import { syntheticObservation } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;
const HOST = '203.0.113.9';

/**
 * A harvest through one cloud host: 40 accounts on one card (a fleet, judged and confirmed by the refresh) and a few
 * accounts without payment data on the same host, which is crowded by the campaign itself (46 accounts: its links
 * weigh next to nothing, so those accounts join no community). Every account sends a request every 20 minutes for a
 * day; the harvesting ones ask for reasoning in 3 of 10. Own scores are given: `suspicious` or `benign`.
 */
function cloudHarvest(): { last: ReturnType<HydraClusterer['refresh']>; egress: Map<string, ClusterVerdict> } {
  const accounts = new Map<string, Account>();
  const created = new Date(T0 - 30 * 24 * 60 * MIN).toISOString();
  const people: { id: string; harvest: boolean; own: Verdict }[] = [];
  for (let i = 0; i < 40; i++) {
    people.push({ id: `fleet${i}`, harvest: true, own: 'suspicious' });
    accounts.set(`fleet${i}`, { id: `fleet${i}`, created, payment: 'card-1' });
  }
  for (let i = 0; i < 4; i++) people.push({ id: `loner${i}`, harvest: true, own: 'suspicious' });
  // Held for review by its own score but not harvesting; and harvesting but not held by its own score.
  people.push({ id: 'customer', harvest: false, own: 'suspicious' }, { id: 'curious', harvest: true, own: 'benign' });
  for (const p of people) if (!accounts.has(p.id)) accounts.set(p.id, { id: p.id, created });
  const clusterer = new HydraClusterer({ accounts, releases: [], alwaysRefresh: true });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  let nextRefresh = T0 + 30 * MIN;
  let last = T0;
  // The verdict each account was first carried on the campaign's egress (later refreshes leave confirmed accounts be).
  const egress = new Map<string, ClusterVerdict>();
  const note = (r: ReturnType<HydraClusterer['refresh']>) => {
    for (const [id, v] of r.accountCluster) if (!egress.has(id) && v.reasons.some((x) => x.signal === 'campaign_egress')) egress.set(id, v);
    return r;
  };
  for (let n = 0; n < 72; n++) {
    people.forEach((p, k) => {
      const t = T0 + n * 20 * MIN + k * 10_000;
      while (t >= nextRefresh) {
        note(clusterer.refresh(nextRefresh, scores));
        nextRefresh += 30 * MIN;
      }
      clusterer.observe(syntheticObservation({ account: p.id, t, ip: HOST, templateId: `${p.id}_${n}`, cot: p.harvest && n % 10 < 3 ? 0.9 : 0, capability: 'math_reasoning' }));
      scores.set(p.id, { score: p.own === 'suspicious' ? 0.7 : 0.2, verdict: p.own, exchanges: n + 1 });
      last = t;
    });
  }
  note(clusterer.refresh(last + MIN, scores, { final: true }));
  return { last: note(clusterer.refresh(last + 2 * MIN, scores, { final: true })), egress };
}

test("accounts held for review while harvesting on a confirmed campaign's own host are carried its verdict; others are not", () => {
  const { last, egress } = cloudHarvest();
  const fleet = last.accountCluster.get('fleet0');
  assert.equal(fleet?.verdict, 'distillation', JSON.stringify(fleet));
  const clusters = new Set(last.clusters.filter((c) => c.verdict === 'distillation').map((c) => c.id));
  for (let i = 0; i < 4; i++) {
    const v = egress.get(`loner${i}`);
    assert.equal(v?.verdict, 'distillation', `loner${i}`);
    assert.ok(clusters.has(v.cluster), v.cluster);
    assert.match(v.reasons[0]!.detail, /sends from ip:203\.0\.113\.9, an address of c_\d+ \(confirmed as distillation\)/);
    // In no community of its own: the crowded host tied it to nothing, only the egress rule carried it.
    assert.equal(last.clusters.some((c) => c.accounts.includes(`loner${i}`)), false);
  }
  for (const id of ['customer', 'curious']) {
    assert.equal(egress.has(id), false, id);
    assert.notEqual(last.accountCluster.get(id)?.verdict, 'distillation', id);
  }
});
