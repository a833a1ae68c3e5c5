import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account, Release } from '../../exchange/account.js';
import { seededRandom } from '../../signals/hash.js';
import type { Verdict } from '../report.js';
import { HydraClusterer, type ClusterRefresh } from './index.js';
import { syntheticObservation, type SyntheticExchange } from './synthetic.js';

const T0 = Date.parse('2026-02-20T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

interface World {
  accounts: Map<string, Account>;
  exchanges: SyntheticExchange[];
  releases: Release[];
}

/** A mixed world: a reasoning-harvest campaign, an enterprise, coding-agent users, a reseller, eval runners, noise. */
function world(): World {
  const r = seededRandom(7);
  const accounts = new Map<string, Account>();
  const ex: SyntheticExchange[] = [];
  const add = (a: Account) => accounts.set(a.id, a);
  const iso = (t: number) => new Date(t).toISOString();
  const release = T0 + 36 * HOUR;
  // Campaign: 24 accounts, 3 payment methods, one /24, registered within half an hour, synchronized 24/7 on 3
  // templates asking for reasoning and grading; moves half its traffic to m-2 an hour after its release.
  for (let i = 0; i < 24; i++) {
    add({ id: `a_${i}`, payment: `pm_a${i % 3}`, created: iso(T0 - 2 * HOUR + i * MIN), email_domain: 'mailbox.example', country: 'SG' });
  }
  for (let cycle = 0; cycle < 48 * 6; cycle++) {
    const t = T0 + cycle * 10 * MIN;
    const tpl = `tA${cycle % 3}`;
    for (let i = 0; i < 24; i++) {
      if (r() > 0.3) continue;
      const pivot = t >= release + HOUR && r() < 0.5;
      ex.push({
        account: `a_${i}`, t: t + Math.floor(r() * 5 * MIN), ip: `203.0.113.${10 + (i % 8)}`, templateId: tpl,
        cot: cycle % 3 === 2 ? 0.1 : 0.9, grading: cycle % 3 === 2 ? 0.9 : 0, capability: 'math_reasoning',
        model: pivot ? 'm-2' : 'm-1', userAgent: 'python-httpx/0.27', clientFp: 'fpA',
      });
    }
  }
  // Enterprise: 25 accounts, one payment, one corporate range, office hours, varied work.
  const caps = ['writing', 'coding', 'chat', 'data_analysis'] as const;
  for (let i = 0; i < 25; i++) {
    add({ id: `e_${i}`, payment: 'pm_ent', org: 'corp', created: iso(T0 - 90 * 24 * HOUR + i * 3 * 24 * HOUR), email_domain: 'corp.example', country: 'DE' });
    for (let k = 0; k < 40; k++) {
      const day = k % 2;
      ex.push({
        account: `e_${i}`, t: T0 + day * 24 * HOUR + 8 * HOUR + Math.floor(r() * 9 * HOUR), ip: `198.51.100.${1 + (i % 5)}`,
        templateId: `te_${i}_${k}`, capability: caps[k % 4], userAgent: 'Mozilla/5.0 corp', cot: k % 10 === 0 ? 0.8 : 0,
      });
    }
  }
  // Coding-agent users: 60 independent people, one popular agent's system prompt, own prompts, carrier NAT addresses.
  for (let i = 0; i < 60; i++) {
    add({ id: `u_${i}`, payment: `pm_u${i}`, created: iso(T0 - (30 + i) * 24 * HOUR), email_domain: 'gmail.com', country: 'US' });
    const start = T0 + Math.floor(r() * 40 * HOUR);
    for (let k = 0; k < 30; k++) {
      ex.push({
        account: `u_${i}`, t: start + k * 3 * MIN, ip: `100.64.${i % 3}.${1 + Math.floor(r() * 3)}`, templateId: `tu_${i}_${k}`,
        systemTemplateId: 'sp_agent', capability: 'coding', userAgent: 'agent-cli/1.2', cot: k % 7 === 0 ? 0.6 : 0,
      });
    }
  }
  // Reseller: 20 accounts on one billing and one egress range; 6 run a grading harvest, 14 carry ordinary chat.
  for (let i = 0; i < 20; i++) {
    add({ id: `r_${i}`, payment: 'pm_res', created: iso(T0 - 60 * 24 * HOUR), email_domain: 'resell.example', country: 'HK' });
    const harvester = i < 6;
    const n = harvester ? 80 : 30;
    for (let k = 0; k < n; k++) {
      const t = harvester ? T0 + k * 36 * MIN + i * MIN : T0 + Math.floor(r() * 48 * HOUR);
      ex.push({
        account: `r_${i}`, t, ip: `192.0.2.${1 + (k % 4)}`, templateId: harvester ? `tR${k % 2}` : `tr_${i}_${k}`,
        grading: harvester ? 0.9 : 0, cot: harvester && k % 2 === 1 ? 0.8 : 0, capability: harvester ? 'classification' : 'chat',
      });
    }
  }
  // Evaluation runners of a verified lab: benchmark templates full of step-by-step prompts, re-run on m-2 at release.
  for (let i = 0; i < 8; i++) {
    add({ id: `v_${i}`, payment: 'pm_lab', verification: 'eval', created: iso(T0 - 200 * 24 * HOUR), email_domain: 'lab.example', country: 'GB' });
    for (let k = 0; k < 60; k++) {
      const onRelease = k >= 30;
      const t = onRelease ? release + 10 * MIN + k * MIN : T0 + 4 * HOUR + k * 2 * MIN;
      ex.push({
        account: `v_${i}`, t, ip: `198.18.0.${1 + i}`, templateId: `bench${k % 2}`, prompt: `bench item ${k % 30}`,
        cot: 0.9, capability: 'math_reasoning', model: onRelease ? 'm-2' : 'm-1',
      });
    }
  }
  // A lone user of the campaign's templates (a researcher grading the same items): own payment, address, client and
  // hours, same content. Sharing content is not being run by the campaign's operator.
  add({ id: 'x_0', payment: 'pm_x0', created: iso(T0 - 300 * 24 * HOUR), email_domain: 'uni.example', country: 'NL' });
  for (let k = 0; k < 120; k++) {
    const shared = k < 12;
    ex.push({
      account: 'x_0', t: T0 + 2 * HOUR + (shared ? k * MIN : k * 17 * MIN), ip: '198.19.4.4', templateId: shared ? `tA${k % 3}` : `tx_${k}`,
      cot: 0.9, grading: k % 3 === 2 ? 0.9 : 0,
      capability: 'math_reasoning', userAgent: 'Mozilla/5.0 lab', clientFp: 'fpX',
    });
  }
  // Another lone user, in step with the campaign on its templates for two days but sharing nothing else with it:
  // synchrony on shared content without any tie of common control (payment, address, client, registration).
  add({ id: 'x_1', payment: 'pm_x1', created: iso(T0 - 250 * 24 * HOUR), email_domain: 'uni2.example', country: 'CH' });
  for (let k = 0; k < 120; k++) {
    ex.push({
      account: 'x_1', t: T0 + 2 * HOUR + k * 17 * MIN, ip: '198.19.9.9', templateId: `tA${k % 3}`, cot: 0.9, grading: k % 3 === 2 ? 0.9 : 0,
      capability: 'math_reasoning', userAgent: 'Mozilla/5.0 lab2', clientFp: 'fpY',
    });
  }
  // Background: 100 unrelated people.
  for (let i = 0; i < 100; i++) {
    add({ id: `n_${i}`, payment: `pm_n${i}`, created: iso(T0 - (10 + i) * 24 * HOUR), email_domain: 'gmail.com', country: 'FR' });
    const start = T0 + Math.floor(r() * 44 * HOUR);
    for (let k = 0; k < 3; k++) {
      ex.push({ account: `n_${i}`, t: start + k * 5 * MIN, ip: `${20 + (i % 50)}.${i}.7.${k + 1}`, templateId: `tn_${i}_${k}`, capability: 'chat' });
    }
  }
  ex.sort((a, b) => a.t - b.t);
  return { accounts, exchanges: ex, releases: [{ model: 'm-2', released: iso(release) }] };
}

function replay(
  w: World,
  ownScore: (account: string) => { score: number; verdict: Verdict },
  alwaysRefresh = false,
  pivotCheckMin = 0,
  live?: { releases: Release[]; before: (clusterer: HydraClusterer, t: number) => void },
) {
  const clusterer = new HydraClusterer({ accounts: w.accounts, releases: live?.releases ?? w.releases, alwaysRefresh });
  const counts = new Map<string, number>();
  let next = -Infinity;
  let nextCheck = -Infinity;
  const checks: number[] = [];
  let result: ClusterRefresh | null = null;
  const firstFlag = new Map<string, number>();
  const scores = () => {
    const m = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
    for (const [a, n] of counts) m.set(a, { ...ownScore(a), exchanges: n });
    return m;
  };
  for (const e of w.exchanges) {
    live?.before(clusterer, e.t);
    clusterer.observe(syntheticObservation(e));
    counts.set(e.account, (counts.get(e.account) ?? 0) + 1);
    if (e.t >= next) {
      if (next !== -Infinity) {
        result = clusterer.refresh(e.t, scores());
        for (const [a, v] of result.accountCluster) if (v.verdict === 'distillation' && !firstFlag.has(a)) firstFlag.set(a, e.t);
      }
      next = (Math.floor(e.t / (30 * MIN)) + 1) * 30 * MIN;
    } else if (pivotCheckMin > 0 && e.t >= nextCheck) {
      if (clusterer.checkPivots(e.t) !== null) checks.push(e.t);
      nextCheck = (Math.floor(e.t / (pivotCheckMin * MIN)) + 1) * pivotCheckMin * MIN;
    }
  }
  result = clusterer.refresh(w.exchanges.at(-1)?.t ?? T0, scores(), { final: true });
  for (const [a, v] of result.accountCluster) if (v.verdict === 'distillation' && !firstFlag.has(a)) firstFlag.set(a, w.exchanges.at(-1)?.t ?? T0);
  return { result, firstFlag, clusterer, checks };
}

const w = world();
const { result, firstFlag, clusterer } = replay(w, () => ({ score: 0.1, verdict: 'benign' }));
const verdictOf = (id: string) => result.accountCluster.get(id)?.verdict ?? 'benign';
const group = (prefix: string, from = 0, to = Infinity) =>
  [...w.accounts.keys()].filter((id) => id.startsWith(prefix) && Number(id.slice(prefix.length)) >= from && Number(id.slice(prefix.length)) < to);

test('the campaign is one cluster and every member is flagged by cluster evidence alone, with reasons', () => {
  const members = group('a_');
  const ids = new Set(members.map((id) => result.accountCluster.get(id)?.cluster));
  assert.equal(ids.size, 1, `campaign split over ${[...ids].join(', ')}`);
  for (const id of members) assert.equal(verdictOf(id), 'distillation', id);
  const cluster = result.clusters.find((c) => c.id === [...ids][0]);
  assert.ok(cluster);
  assert.equal(cluster.verdict, 'distillation');
  assert.ok(cluster.links.some((l) => l.kind === 'payment'));
  assert.ok(cluster.evidence.some((e) => /harvest-type/.test(e)));
  const reasons = result.accountCluster.get('a_0')?.reasons ?? [];
  assert.ok(reasons.some((r) => r.signal.startsWith('link_')), JSON.stringify(reasons));
  assert.ok(reasons.every((r) => /\d/.test(r.detail)));
  // Flagged early in the replay, not only at the end.
  const latest = Math.max(...members.map((id) => firstFlag.get(id) ?? Infinity));
  assert.ok(latest < T0 + 24 * HOUR, `flagged at ${new Date(latest).toISOString()}`);
});

test('benign groups that share infrastructure or templates stay benign', () => {
  for (const id of [...group('e_'), ...group('u_'), ...group('v_'), ...group('n_')]) {
    assert.notEqual(verdictOf(id), 'distillation', `${id}: ${JSON.stringify(result.accountCluster.get(id))}`);
  }
});

test("a reseller's harvesting accounts are caught and its other customers are not", () => {
  for (const id of group('r_', 0, 6)) assert.equal(verdictOf(id), 'distillation', id);
  for (const id of group('r_', 6)) assert.notEqual(verdictOf(id), 'distillation', id);
  const cluster = result.clusters.find((c) => c.accounts.includes('r_0'));
  assert.ok(cluster?.evidence.some((e) => /not covered by the verdict/.test(e)), JSON.stringify(cluster?.evidence));
  assert.ok(cluster);
  // The other customers are reported apart, as a benign group linked to the flagged one.
  assert.deepEqual(cluster.accounts.sort(), group('r_', 0, 6).sort());
  const other = result.clusters.find((c) => c.accounts.includes('r_10'));
  assert.equal(other?.id, `${cluster.id}-other`);
  assert.equal(other?.verdict, 'benign');
  assert.equal(result.accountCluster.get('r_10')?.cluster, other?.id);
});

test('a model-launch pivot alerts within two hours, and the eval runners re-running benchmarks do not', () => {
  const pivots = result.alerts.filter((a) => a.kind === 'model_pivot');
  const campaignCluster = result.accountCluster.get('a_0')?.cluster;
  const hit = pivots.find((a) => a.cluster === campaignCluster);
  assert.ok(hit, JSON.stringify(pivots));
  const pivotAt = Date.parse(w.releases[0]?.released ?? '') + HOUR;
  assert.ok(Date.parse(hit.ts) - pivotAt <= 2 * HOUR, hit.ts);
  const evalCluster = result.accountCluster.get('v_0')?.cluster;
  assert.ok(!pivots.some((a) => evalCluster !== undefined && a.cluster === evalCluster));
  assert.equal(pivots.length, 1);
});

test('pivot checks between refreshes call the same move, earlier, and nothing else', () => {
  const fresh = new HydraClusterer({ accounts: w.accounts, releases: w.releases });
  assert.equal(fresh.checkPivots(Date.parse(w.releases[0]?.released ?? '') + HOUR), null, 'no groups before a refresh');
  const { result: checked, checks } = replay(w, () => ({ score: 0.1, verdict: 'benign' }), false, 10);
  const pivotsOf = (r: ClusterRefresh) => r.alerts.filter((a) => a.kind === 'model_pivot');
  const before = pivotsOf(result);
  const after = pivotsOf(checked);
  assert.deepEqual(after.map((a) => a.accounts?.slice().sort()), before.map((a) => a.accounts?.slice().sort()));
  assert.equal(checks.length, 1, 'the move was called by a check, not by the next refresh');
  assert.ok(Date.parse(after[0]!.ts) < Date.parse(before[0]!.ts), `${after[0]!.ts} vs ${before[0]!.ts}`);
  assert.ok(Date.parse(before[0]!.ts) - Date.parse(after[0]!.ts) < 30 * MIN);
});

test('a release announced while detection runs, a day ahead, raises the same pivot alert; a moved date starts afresh', () => {
  const release = w.releases[0]!;
  const releasedAt = Date.parse(release.released);
  const pivotsOf = (r: ClusterRefresh) => r.alerts.filter((a) => a.kind === 'model_pivot').map((a) => [a.ts, a.accounts?.slice().sort()]);
  const announced = (initial: Release[]) => {
    let told = false;
    const before = (c: HydraClusterer, t: number) => {
      if (told || t < releasedAt - 24 * HOUR) return;
      c.setRelease(release);
      told = true;
    };
    return replay(w, () => ({ score: 0.1, verdict: 'benign' }), false, 0, { releases: initial, before }).result;
  };
  assert.ok(pivotsOf(result).length > 0);
  assert.deepEqual(pivotsOf(announced([])), pivotsOf(result), 'added a day before the release');
  const wrongDate = { ...release, released: new Date(releasedAt - 30 * HOUR).toISOString() };
  assert.deepEqual(pivotsOf(announced([wrongDate])), pivotsOf(result), 'a wrong date corrected a day before the release');
  assert.deepEqual(pivotsOf(replay(w, () => ({ score: 0.1, verdict: 'benign' }), false, 0, { releases: [], before: () => {} }).result), [], 'never told');
});

test('allowlisted accounts are never flagged by cluster evidence alone', () => {
  const w2 = world();
  const a0 = w2.accounts.get('a_0');
  assert.ok(a0);
  w2.accounts.set('a_0', { ...a0, allowlisted: true });
  const { result: r2 } = replay(w2, () => ({ score: 0.1, verdict: 'benign' }));
  assert.notEqual(r2.accountCluster.get('a_0')?.verdict, 'distillation');
  assert.equal(r2.accountCluster.get('a_1')?.verdict, 'distillation');
});

test('a harvester that shares only content with a flagged cluster is not flagged through it', () => {
  assert.equal(verdictOf('a_0'), 'distillation');
  assert.notEqual(verdictOf('x_0'), 'distillation', JSON.stringify(result.accountCluster.get('x_0')));
  assert.notEqual(verdictOf('x_1'), 'distillation', JSON.stringify(result.accountCluster.get('x_1')));
});

test('refreshes are skipped when little changed, without changing what they conclude', () => {
  assert.ok(clusterer.refreshCount.skipped > 0, JSON.stringify(clusterer.refreshCount));
  assert.ok(clusterer.refreshCount.full > 0);
  const { result: every, firstFlag: everyFlag } = replay(w, () => ({ score: 0.1, verdict: 'benign' }), true);
  for (const id of w.accounts.keys()) {
    assert.equal(verdictOf(id), every.accountCluster.get(id)?.verdict ?? 'benign', id);
    assert.equal(firstFlag.has(id), everyFlag.has(id), id);
  }
  // Nothing new: the same result is served again; asked for a final refresh, it re-clusters.
  const now = w.exchanges.at(-1)?.t ?? T0;
  const scores = new Map([...result.accountCluster.keys()].map((a) => [a, { score: 0.1, verdict: 'benign' as Verdict, exchanges: 1 }]));
  const again = clusterer.refresh(now, scores);
  assert.equal(again.accountCluster, clusterer.refresh(now, scores).accountCluster);
  const { full, seconds } = clusterer.refreshCount;
  clusterer.refresh(now, scores, { final: true });
  assert.equal(clusterer.refreshCount.full, full + 1);
  // only full refreshes take time
  assert.ok(clusterer.refreshCount.seconds > seconds);
  const skipped = clusterer.refreshCount.skipped;
  const took = clusterer.refreshCount.seconds;
  clusterer.refresh(now, scores);
  assert.equal(clusterer.refreshCount.skipped, skipped + 1);
  assert.equal(clusterer.refreshCount.seconds, took);
});

test('told the own-verdict moves since the previous refresh, the clusterer skips and refreshes at the same times', () => {
  // Own verdicts that move during the log: the campaign's accounts turn suspicious one after another, and some
  // chat users go suspicious and back (a move there and back between two full refreshes is no move).
  const t1 = w.exchanges[0]?.t ?? T0;
  const span = (w.exchanges.at(-1)?.t ?? T0) - t1;
  const verdictAt = (account: string, t: number): Verdict => {
    const n = Number(account.slice(account.indexOf('_') + 1)) || 0;
    if (account.startsWith('a_')) return t - t1 > ((n + 1) / 30) * span ? 'suspicious' : 'benign';
    return n % 4 === 0 && Math.floor((t - t1) / (5 * HOUR)) % 2 === 1 ? 'suspicious' : 'benign';
  };
  const run = (tellMoves: boolean) => {
    const c = new HydraClusterer({ accounts: w.accounts, releases: w.releases });
    const counts = new Map<string, number>();
    const told = new Map<string, Verdict>();
    const results: ClusterRefresh[] = [];
    let next = -Infinity;
    const refresh = (t: number, final: boolean) => {
      const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
      const moves = new Map<string, { before: Verdict; now: Verdict }>();
      for (const [a, exchanges] of counts) {
        const verdict = verdictAt(a, t);
        scores.set(a, { score: verdict === 'benign' ? 0.1 : 0.6, verdict, exchanges });
        const before = told.get(a) ?? 'benign';
        if (verdict !== before) moves.set(a, { before, now: verdict });
        told.set(a, verdict);
      }
      results.push(c.refresh(t, tellMoves ? Object.assign(scores, { verdictMoves: moves }) : scores, { final }));
    };
    for (const e of w.exchanges) {
      c.observe(syntheticObservation(e));
      counts.set(e.account, (counts.get(e.account) ?? 0) + 1);
      if (e.t < next) continue;
      if (next !== -Infinity) refresh(e.t, false);
      next = (Math.floor(e.t / (30 * MIN)) + 1) * 30 * MIN;
    }
    refresh(w.exchanges.at(-1)?.t ?? T0, true);
    return { refreshes: { full: c.refreshCount.full, skipped: c.refreshCount.skipped }, results };
  };
  const told = run(true);
  const passed = run(false);
  assert.deepEqual(told.refreshes, passed.refreshes);
  assert.ok(told.refreshes.skipped > 0 && told.refreshes.full > 1, JSON.stringify(told.refreshes));
  assert.deepEqual(told.results.map((r) => [...r.accountCluster]), passed.results.map((r) => [...r.accountCluster]));
});

test('without payment or registration data, a campaign acting in step from shared proxy ranges is still flagged', () => {
  // The same world, but the campaign's accounts have no payment, sign-up or email data, and each pair of accounts
  // rotates residential addresses, sharing an exit range with one other account now and then: no single tie is hard,
  // synchrony and addresses together are.
  const w2: World = { ...w, accounts: new Map(w.accounts), exchanges: w.exchanges.map((e) => ({ ...e })) };
  for (const id of group('a_')) w2.accounts.set(id, { id });
  const r = seededRandom(99);
  for (const e of w2.exchanges) {
    if (!e.account.startsWith('a_')) continue;
    const pair = Math.floor(Number(e.account.slice(2)) / 2);
    // Mostly a fresh residential /24 per request; now and then the pair's shared exit range.
    e.ip = r() < 0.04 ? `90.${pair}.0.${Math.floor(r() * 250)}` : `${100 + Math.floor(r() * 100)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.7`;
    e.userAgent = `ua-${e.account}`;
    e.clientFp = `fp-${e.account}`;
  }
  const { result: r2 } = replay(w2, () => ({ score: 0.1, verdict: 'benign' }));
  const flagged = group('a_').filter((id) => r2.accountCluster.get(id)?.verdict === 'distillation');
  const miss = group("a_").find((id) => !flagged.includes(id));
  assert.ok(flagged.length >= 20, `${flagged.length} of 24 flagged; ${JSON.stringify(r2.accountCluster.get(miss ?? ""))}`);
  // The lone users in step with it on its templates share no address with it: still not flagged.
  assert.notEqual(r2.accountCluster.get('x_1')?.verdict, 'distillation');
});
