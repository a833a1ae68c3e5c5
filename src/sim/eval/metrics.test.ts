import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScanReport } from '../../detect/report.js';
import { RELEASE_HOURS, type AccountLogStats } from './log-stats.js';
import { computeMetrics, pivotTime, type TruthLabel } from './metrics.js';

const H = 3_600_000;
const T0 = Date.parse('2026-02-01T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

// Two campaigns (a: 3 accounts, b: 2 accounts, one of them too small for recall) and four benign accounts.
const labels: TruthLabel[] = [
  { account: 'a1', label: 'distillation', campaign: 'a', segment: 'reasoning-harvest' },
  { account: 'a2', label: 'distillation', campaign: 'a', segment: 'reasoning-harvest' },
  { account: 'a3', label: 'distillation', campaign: 'a', segment: 'reasoning-harvest' },
  { account: 'b1', label: 'distillation', campaign: 'b', segment: 'volume-pivot' },
  { account: 'b2', label: 'distillation', campaign: 'b', segment: 'volume-pivot' },
  { account: 'u1', label: 'benign', campaign: null, segment: 'chat' },
  { account: 'u2', label: 'benign', campaign: null, segment: 'chat' },
  { account: 'e1', label: 'benign', campaign: null, segment: 'eval' },
  { account: 'e2', label: 'benign', campaign: null, segment: 'eval' },
  { account: 'ghost', label: 'benign', campaign: null, segment: 'chat' },
];
const st = (exchanges: number, first: number, before: number): AccountLogStats => ({ exchanges, first, last: first + 48 * H, before });
// b1 moves to m-2 (released at T0 + 24 h) two hours after its release: 40% of 20 exchanges an hour from then on.
const b1Release = new Uint32Array(2 * 72);
for (let h = 0; h < 6; h++) [b1Release[2 * h], b1Release[2 * h + 1]] = [20, h < 2 ? 1 : 8];
const stats = new Map<string, AccountLogStats>([
  ['a1', st(100, T0, 10)],
  ['a2', st(100, T0 + 2 * H, 100)],
  ['a3', st(50, T0 + H, 20)],
  ['b1', { ...st(200, T0, 50), releaseHours: new Map([['m-2', b1Release]]) }],
  ['b2', st(10, T0, 10)],
  ['u1', st(30, T0, 30)],
  ['u2', st(5, T0, 5)],
  ['e1', st(500, T0, 500)],
  ['e2', st(400, T0, 400)],
]);

const acct = (id: string, verdict: 'distillation' | 'suspicious' | 'benign', cluster: string | null, flag: number | null, after: number | null) => ({
  id, verdict, score: 0.5, cluster, exchanges: stats.get(id)!.exchanges, first_flagged_at: flag === null ? null : iso(flag), flagged_after_exchanges: after, reasons: [],
});
const cluster = (id: string, verdict: 'distillation' | 'suspicious' | 'benign', accounts: string[]) => ({
  id, verdict, score: 0.9, accounts, exchanges: 1, first_seen: iso(T0), last_seen: iso(T0), capabilities: [], links: [], evidence: [],
});

const report: ScanReport = {
  version: 1,
  generated_at: iso(T0),
  input: { exchanges: 0, accounts: 9, bad_lines: 0 },
  accounts: [
    acct('a1', 'distillation', 'c1', T0 + 5 * H, 10),
    acct('a2', 'suspicious', 'c1', null, null),
    acct('a3', 'distillation', 'c1', T0 + 6 * H, 20),
    acct('b1', 'distillation', 'c2', T0 + 3 * H, 50),
    acct('b2', 'benign', null, null, null),
    acct('u1', 'suspicious', null, null, null),
    acct('u2', 'benign', null, null, null),
    acct('e1', 'distillation', 'c2', T0 + 10 * H, 300),
    acct('e2', 'benign', 'c3', null, null),
  ],
  clusters: [cluster('c1', 'distillation', ['a1', 'a2', 'a3']), cluster('c2', 'distillation', ['b1', 'e1']), cluster('c3', 'benign', ['e2'])],
  alerts: [
    { kind: 'model_pivot', ts: iso(T0 + 30 * H), model: 'm-2', cluster: 'c2', detail: '' },
    { kind: 'model_pivot', ts: iso(T0 + 40 * H), model: 'm-2', cluster: 'c2', detail: '' },
  ],
};
const releases = [{ model: 'm-1', released: iso(T0 - 100 * H) }, { model: 'm-2', released: iso(T0 + 24 * H) }];

test('precision, recall (>= 20 exchanges), FPR and review load', () => {
  const m = computeMetrics(labels, stats, report, releases);
  assert.equal(m.accounts.total, 9, 'the account with no exchanges is not counted');
  assert.equal(m.accounts.eligible_campaign, 4);
  assert.equal(m.precision, 3 / 4);
  assert.equal(m.recall, 3 / 4);
  assert.equal(m.fpr, 1 / 4);
  assert.equal(m.review_load, 2 / 9);
  assert.equal(m.benign_review_load, 1 / 4);
  assert.deepEqual(m.segments.chat, { accounts: 2, flagged: 0, suspicious: 1, fpr: 0, review_load: 0.5 });
  assert.equal(m.segments.eval!.fpr, 0.5);
});

test('leakage, time to detect and cluster coverage per campaign', () => {
  const m = computeMetrics(labels, stats, report, releases);
  const a = m.campaigns.a!;
  assert.equal(a.leaked_exchanges, 130);
  assert.equal(a.leakage, 130 / 250);
  assert.equal(a.time_to_detect_hours, 5);
  assert.equal(a.median_account_time_to_detect_hours, 5);
  assert.equal(a.median_flagged_after_exchanges, 15);
  assert.equal(a.dominant_cluster, 'c1');
  assert.equal(a.cluster_coverage, 1);
  assert.equal(a.cluster_purity, 1);
  const b = m.campaigns.b!;
  assert.equal(b.recall, 1);
  assert.equal(b.leakage, 60 / 210);
  assert.equal(m.leakage, (130 + 60) / (250 + 210), 'over all campaign exchanges');
  assert.equal(b.time_to_detect_hours, 3);
  assert.equal(b.cluster_purity, 0.5);
  assert.equal(b.pivot_at, iso(T0 + 26 * H));
  assert.equal(b.pivot_alert_latency_hours, 4, 'first alert at T0 + 30 h, pivot at T0 + 26 h');
  assert.equal(b.pivot_alert_after_release_hours, 6);
  assert.equal(a.pivot_alert_latency_hours, null);
  assert.equal(a.pivot_at, null);
});

test('ARI over every account but small unclustered campaign accounts, benign ones as singletons', () => {
  const m = computeMetrics(labels, stats, report, releases);
  // Items: a1 a2 a3 b1 e1 u1 u2 e2 (b2 too small and unclustered; e2's cluster is benign, so it is a singleton).
  // Truth: a a a b e1 u1 u2 e2; predicted: c1 c1 c1 c2 c2 and three singletons. Same-cell pairs 3, truth pairs 3,
  // predicted pairs 4, total 28.
  const expected = (3 - (3 * 4) / 28) / ((3 + 4) / 2 - (3 * 4) / 28);
  assert.equal(m.ari.accounts, 8);
  assert.ok(Math.abs(m.ari.value! - expected) < 1e-12);
});

test('pivot alerts per release, with those on mostly-benign clusters counted', () => {
  const m = computeMetrics(labels, stats, report, releases);
  assert.equal(m.pivot.length, 1);
  assert.equal(m.pivot[0]!.alerts, 2);
  assert.equal(m.pivot[0]!.first_alert_latency_hours, 6);
  assert.equal(m.pivot[0]!.benign_cluster_alerts, 0);
});

test("a pivot alert is benign by the accounts it names, when it names any, not by a report cluster", () => {
  const cohort = { kind: 'model_pivot' as const, ts: iso(T0 + 50 * H), model: 'm-2', cluster: 'cohort:c9', accounts: ['e1', 'e2', 'a1'], detail: '' };
  const named = { ...cohort, cluster: 'c1', accounts: ['e1', 'e2'] };
  const m = computeMetrics(labels, stats, { ...report, alerts: [...report.alerts, cohort, named] }, releases);
  assert.equal(m.pivot[0]!.alerts, 4);
  assert.equal(m.pivot[0]!.benign_cluster_alerts, 2, 'the cohort alert (no report cluster) and the one naming benign accounts in a campaign cluster');
});

test('a move begins in the first hour with traffic on the new model, not at the start of the window it fills', () => {
  // 10 exchanges an hour; in hour 6 every exchange moves to the new model. The 3-hour window from hour 4 already
  // holds a third of its traffic on the model, but nothing moved before hour 6.
  const counts = new Uint32Array(2 * RELEASE_HOURS);
  for (let h = 0; h < RELEASE_HOURS; h++) {
    counts[2 * h] = 10;
    if (h >= 6) counts[2 * h + 1] = 10;
  }
  const member = { releaseHours: new Map([['m-new', counts]]) } as AccountLogStats;
  const releasedAt = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(pivotTime([member], 'm-new', releasedAt), releasedAt + 6 * 3_600_000);
  for (let h = 0; h < RELEASE_HOURS; h++) counts[2 * h + 1] = 0;
  assert.equal(pivotTime([member], 'm-new', releasedAt), null, 'no traffic on the model, no move');
});
