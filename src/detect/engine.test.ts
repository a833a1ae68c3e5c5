import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine } from './engine.js';
import { scanReportSchema, type Alert } from './report.js';
import type { ClusterLayer } from './cluster-layer.js';
import { fixtureLog } from './testing/fixture-log.js';
import { EvalItemRegistry } from '../signals/eval-items.js';
import type { Exchange } from '../exchange/exchange.js';

test('flags the harvester without look-ahead and leaves the people alone', () => {
  const f = fixtureLog();
  const engine = new DetectionEngine({ accounts: new Map(f.accounts.map((a) => [a.id, a])) });
  for (const ex of f.exchanges) engine.observe(ex);
  const report = scanReportSchema.parse(engine.report());
  assert.equal(report.accounts.length, f.humans.length + 1);
  const h = report.accounts.find((a) => a.id === f.harvester)!;
  assert.equal(h.verdict, 'distillation');
  assert.ok(h.flagged_after_exchanges! >= 8 && h.flagged_after_exchanges! < h.exchanges);
  assert.ok(h.reasons.some((r) => r.signal === 'cot_elicitation' && /\d+% of prompts/.test(r.detail)));
  for (const id of f.humans) assert.equal(report.accounts.find((a) => a.id === id)!.verdict, 'benign', id);
});

test('an allowlisted account is not marked distillation by its own score', () => {
  const f = fixtureLog(2, 2);
  const accounts = new Map(f.accounts.map((a) => [a.id, a.id === f.harvester ? { ...a, allowlisted: true } : a]));
  const engine = new DetectionEngine({ accounts });
  for (const ex of f.exchanges) engine.observe(ex);
  const h = engine.report().accounts.find((a) => a.id === f.harvester)!;
  assert.notEqual(h.verdict, 'distillation');
  assert.equal(h.first_flagged_at, null);
});

test('an exchange that arrives late is taken at the latest time seen (online clock skew)', () => {
  const f = fixtureLog(1, 1);
  const engine = new DetectionEngine();
  engine.observe(f.exchanges[5]!);
  const state = engine.observe(f.exchanges[0]!);
  assert.equal(state.exchanges, f.exchanges[0]!.account === f.exchanges[5]!.account ? 2 : 1);
  assert.equal(engine.exchanges, 2);
});

test('cluster verdicts raise members and stamp first_flagged_at at the refresh', () => {
  const f = fixtureLog(1, 2);
  const target = f.humans[0]!;
  let refreshes = 0;
  const clusterer: ClusterLayer = {
    observe: () => null,
    refresh(now) {
      refreshes++;
      const accountCluster = new Map();
      if (now >= Date.parse('2026-02-02T12:00:00Z'))
        accountCluster.set(target, { cluster: 'c_1', verdict: 'distillation', score: 0.95, reasons: [{ signal: 'cluster', weight: 1, detail: 'shares a payment method with 12 accounts' }] });
      return { clusters: [], accountCluster, alerts: [{ kind: 'test', ts: new Date(now).toISOString(), detail: 'x' }] };
    },
  };
  const engine = new DetectionEngine({ clusterer, clusterRefreshMinutes: 60 });
  for (const ex of f.exchanges) engine.observe(ex);
  const report = engine.report();
  const a = report.accounts.find((x) => x.id === target)!;
  assert.equal(a.verdict, 'distillation');
  assert.equal(a.cluster, 'c_1');
  assert.ok(a.first_flagged_at! >= '2026-02-02T12:00:00' && a.first_flagged_at! < '2026-02-02T13:01:00', a.first_flagged_at!);
  assert.ok(refreshes >= 20);
  assert.equal(report.alerts.length, 1);
});

test('a flag given by a cluster keeps its reasons after the cluster is scored benign again', () => {
  const f = fixtureLog(1, 2);
  const target = f.humans[0]!;
  const why = { signal: 'cluster', weight: 0.8, detail: 'fleet: 5 accounts on 4 shared payment methods' };
  const clusterer: ClusterLayer = {
    observe: () => null,
    refresh(now) {
      const flagged = now >= Date.parse('2026-02-02T12:00:00Z') && now < Date.parse('2026-02-02T15:00:00Z');
      const accountCluster = new Map([[target, { cluster: 'c_1', verdict: flagged ? ('distillation' as const) : ('benign' as const), score: flagged ? 0.8 : 0.01, reasons: flagged ? [why] : [] }]]);
      return { clusters: [], accountCluster, alerts: [] };
    },
  };
  const engine = new DetectionEngine({ clusterer, clusterRefreshMinutes: 60 });
  for (const ex of f.exchanges) engine.observe(ex);
  const a = engine.report().accounts.find((x) => x.id === target)!;
  assert.equal(a.verdict, 'distillation', 'the verdict stays');
  assert.equal(a.reasons[0]?.signal, 'flagged_earlier');
  assert.match(a.reasons[0]!.detail, /as a member of c_1 \(distillation, score 0\.8\)/);
  assert.deepEqual(a.reasons[1], why, 'the reasons the cluster gave then follow');
  const untouched = engine.report().accounts.find((x) => x.id === f.humans[1])!;
  assert.ok(untouched.reasons.every((r) => r.signal !== 'flagged_earlier'));
});

test('the same memberships handed out again take back an account that a verdict on the spot moved since', () => {
  const f = fixtureLog(1, 2);
  const [held, spot] = [f.humans[0]!, f.humans[1]!];
  const onTheSpot = { cluster: 'c_9', verdict: 'suspicious' as const, score: 0.6, reasons: [] };
  const same = { clusters: [], accountCluster: new Map([[held, { cluster: 'c_1', verdict: 'suspicious' as const, score: 0.6, reasons: [] }]]), alerts: [] };
  let scoresRead = 0;
  let observed = 0;
  const clusterer: ClusterLayer = {
    observe: (input) => (input.exchange.account === spot && ++observed === 3 ? onTheSpot : null),
    refresh: (_now, scores) => (scores.size > 0 && scoresRead++, same),
  };
  const engine = new DetectionEngine({ clusterer, clusterRefreshMinutes: 60 });
  let spotAfterVerdict: string | null | undefined;
  for (const ex of f.exchanges) {
    engine.observe(ex);
    if (ex.account === spot && observed === 3 && spotAfterVerdict === undefined) spotAfterVerdict = engine.get(spot)!.cluster?.cluster ?? null;
  }
  assert.equal(spotAfterVerdict, 'c_9');
  // Refreshes since handed out the same memberships, which name no cluster for it.
  assert.equal(engine.get(spot)!.cluster, null);
  assert.equal(engine.get(held)!.cluster?.cluster, 'c_1');
  assert.ok(scoresRead > 0, 'a layer that reads the scores gets them');
});

test('pivot checks run every 10 minutes of log time between refreshes and their alerts are reported at once', () => {
  const f = fixtureLog(1, 2);
  const checks: number[] = [];
  const refreshes: number[] = [];
  let raised: Alert[] | null = null;
  const clusterer: ClusterLayer = {
    observe: () => null,
    refresh: (now) => (refreshes.push(now), { clusters: [], accountCluster: new Map(), alerts: raised ?? [] }),
    checkPivots(now) {
      checks.push(now);
      if (raised !== null || checks.length < 3) return null;
      raised = [{ kind: 'model_pivot', ts: new Date(now).toISOString(), detail: 'moved' }];
      return raised;
    },
  };
  const engine = new DetectionEngine({ clusterer, clusterRefreshMinutes: 60 });
  let seenAt: number | null = null;
  for (const ex of f.exchanges) {
    engine.observe(ex);
    if (seenAt === null && engine.currentAlerts().length > 0) seenAt = Date.parse(ex.ts);
  }
  assert.ok(checks.length > 2 * refreshes.length, `${checks.length} checks, ${refreshes.length} refreshes`);
  // Never in the same 10-minute slot twice, and never at a refresh (that one tests the pivots itself).
  const slots = checks.map((t) => Math.floor(t / 600_000));
  assert.equal(new Set(slots).size, slots.length);
  for (const t of checks) assert.ok(!refreshes.includes(t));
  // Nor right after a refresh in its 10-minute slot (a redundant second test of what the refresh just tested).
  const refreshSlots = new Set(refreshes.map((t) => Math.floor(t / 600_000)));
  assert.deepEqual(slots.filter((s) => refreshSlots.has(s)), []);
  assert.equal(seenAt, checks[2], 'the third check raised the alert, seen before the next refresh');
  assert.ok(refreshes.every((t) => t < checks[2]! || t > checks[2]!));
  assert.equal(engine.report().alerts.length, 1);
});

test('registered benchmark items: a harness re-sending them to a new model is recognised as evaluation', () => {
  const items = Array.from({ length: 60 }, (_, i) => `A train leaves station ${i} carrying ${i * 7 + 3} passengers and stops at ${i % 9 + 2} towns; how many passengers remain at the end?`);
  const registry = new EvalItemRegistry();
  for (const it of items) registry.addText('suite-a', it);
  const t0 = Date.parse('2026-02-02T00:00:00Z');
  const log: Exchange[] = [];
  ['m-1', 'm-2'].forEach((model, round) =>
    items.forEach((it, i) =>
      log.push({
        id: `e${round}-${i}`,
        ts: new Date(t0 + round * 86_400_000 + i * 20_000).toISOString(),
        account: 'harness',
        ip: '198.51.100.7',
        model,
        endpoint: 'chat.completions',
        request: { model, temperature: 0, messages: [{ role: 'user', content: `Q: ${it}\nA:` }] },
        response: { status: 200, text: '42', input_tokens: 40, output_tokens: 60 },
      }),
    ),
  );
  const run = (evalItems: EvalItemRegistry | null) => {
    const engine = new DetectionEngine({ evalItems });
    for (const ex of log) engine.observe(ex);
    return { engine, state: engine.get('harness')! };
  };
  const withItems = run(registry);
  const f = withItems.engine.featuresOf(withItems.state);
  assert.equal(f.registeredItems.models, 2);
  assert.ok(f.registeredItems.share > 0.9, String(f.registeredItems.share));
  const detail = withItems.engine.accountReport(withItems.state).reasons.find((r) => r.signal === 'evaluation_behaviour')?.detail ?? '';
  assert.match(detail, /hold registered benchmark items, sent to 2 models/);
  const without = run(null);
  assert.equal(without.engine.featuresOf(without.state).registeredItems.share, 0);
  assert.ok(!without.engine.accountReport(without.state).reasons.some((r) => r.signal === 'evaluation_behaviour'));
});

test('the streamed report builds each account entry when read and reads as report() does', () => {
  const f = fixtureLog(2, 3);
  const engine = new DetectionEngine({ accounts: new Map(f.accounts.map((a) => [a.id, a])) });
  for (const ex of f.exchanges) engine.observe(ex);
  const now = new Date('2026-12-05T00:00:00Z');
  const whole = engine.report(now);
  const streamed = engine.streamedReport(now);
  assert.ok(!Array.isArray(streamed.accounts));
  assert.equal(streamed.accounts.length, whole.accounts.length);
  assert.equal(streamed.accounts.count('distillation'), whole.accounts.filter((a) => a.verdict === 'distillation').length);
  assert.deepEqual({ ...streamed, accounts: [...streamed.accounts] }, whole);
  assert.deepEqual(Object.keys(streamed), Object.keys(whole), 'the same fields in the same order');
});
