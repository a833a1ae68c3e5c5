import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import { seededRandom } from '../../signals/hash.js';
import type { Verdict } from '../report.js';
import { HydraClusterer, type ClusterRefresh } from './index.js';
import { syntheticObservation, type SyntheticExchange } from './synthetic.js';

const T0 = Date.parse('2026-02-20T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A reseller running `slots` slots at once for six days, each a chain of accounts that live 30 h around the clock on
 * the fleet's four exits (a fresh card each) and hand over after 20 minutes; a third of their traffic asks for
 * reasoning. Beside it, people behind a carrier NAT in evening sessions.
 */
function fleetWorld(slots: number) {
  const r = seededRandom(11);
  const accounts = new Map<string, Account>();
  const ex: SyntheticExchange[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  const end = T0 + 6 * 24 * HOUR;
  for (let s = 0; s < slots; s++) {
    for (let from = T0 + s * 2 * HOUR, k = 0; from + 30 * HOUR < end; from += 30 * HOUR + 20 * MIN, k++) {
      const id = `f_${s}_${k}`;
      accounts.set(id, { id, payment: `pm_${id}`, created: iso(from - 10 * MIN) });
      for (let t = from; t < from + 30 * HOUR; t += 20 * MIN + Math.floor(r() * 20 * MIN)) {
        const harvest = r() < 0.35;
        ex.push({
          account: id, t, ip: `192.0.2.${1 + Math.floor(r() * 4)}`, templateId: `tf_${Math.floor(r() * 1e6)}`,
          cot: harvest ? 0.9 : 0, capability: harvest ? 'math_reasoning' : 'chat', userAgent: 'node-fetch/3', clientFp: `fp_${id}`,
        });
      }
    }
  }
  for (let i = 0; i < 40; i++) {
    const id = `p_${i}`;
    accounts.set(id, { id, payment: `pm_${id}`, created: iso(T0 - 100 * 24 * HOUR) });
    for (let day = 0; day < 6; day++) {
      const start = T0 + day * 24 * HOUR + 18 * HOUR + Math.floor(r() * 3 * HOUR);
      for (let k = 0; k < 4; k++) {
        ex.push({ account: id, t: start + k * 5 * MIN, ip: `100.64.0.${1 + (i % 3)}`, templateId: `tp_${i}_${day}_${k}`, capability: 'chat', userAgent: 'Mozilla/5.0' });
      }
    }
  }
  ex.sort((a, b) => a.t - b.t);
  return { accounts, exchanges: ex };
}

test("a large rotating fleet on its own exits is judged whole, its accounts that stopped before the verdict included", () => {
  const w = fleetWorld(12);
  const clusterer = new HydraClusterer({ accounts: w.accounts, releases: [] });
  const counts = new Map<string, number>();
  // Half the fleet's accounts are held for review on their own (a third of their asks are for reasoning).
  const own = (id: string): Verdict => (id.startsWith('f_') && (id.length % 2 === 0) ? 'suspicious' : 'benign');
  const scores = () => new Map([...counts].map(([a, n]) => [a, { score: own(a) === 'benign' ? 0.1 : 0.6, verdict: own(a), exchanges: n }]));
  let next = -Infinity;
  let result: ClusterRefresh | null = null;
  for (const e of w.exchanges) {
    clusterer.observe(syntheticObservation(e));
    counts.set(e.account, (counts.get(e.account) ?? 0) + 1);
    if (e.t >= next) {
      if (next !== -Infinity) result = clusterer.refresh(e.t, scores());
      next = (Math.floor(e.t / (30 * MIN)) + 1) * 30 * MIN;
    }
  }
  result = clusterer.refresh(w.exchanges.at(-1)!.t, scores(), { final: true });
  const verdict = (id: string) => result.accountCluster.get(id)?.verdict ?? 'benign';
  const fleet = [...w.accounts.keys()].filter((a) => a.startsWith('f_'));
  const firstAccounts = fleet.filter((a) => a.endsWith('_0'));
  assert.equal(firstAccounts.filter((a) => verdict(a) === 'distillation').length, firstAccounts.length, 'the accounts that stopped first');
  assert.ok(fleet.filter((a) => verdict(a) === 'distillation').length >= 0.9 * fleet.length);
  const flaggedCluster = result.clusters.find((c) => c.verdict === 'distillation');
  assert.match(flaggedCluster?.evidence[0] ?? '', /^rotating fleet/);
  assert.equal([...w.accounts.keys()].filter((a) => a.startsWith('p_') && verdict(a) !== 'benign').length, 0, 'people behind the NAT');
});
