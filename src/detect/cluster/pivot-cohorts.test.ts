import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary, type AccountSummary } from './account-summary.js';
import type { ClustererState } from './index.js';
import { raisePivots } from './pivot-alerts.js';
import { cohortId, pivotCohorts } from './pivot-cohorts.js';
import { recordReleaseHour } from './pivot.js';

const HOUR = 3_600_000;
const T = Date.parse('2026-02-10T00:00:00Z');

test('confirmed accounts in no flagged cluster are gathered by the cluster that confirmed them', () => {
  const summaries = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => newAccountSummary(i, `a${i}`, T));
  const confirmed = new Map([
    [0, { cluster: 'c_1', score: 0.9 }],
    [1, { cluster: 'c_1', score: 0.9 }],
    [2, { cluster: 'c_1', score: 0.9 }],
    [3, { cluster: 'c_1', score: 0.9 }],
    [4, { cluster: 'c_5', score: 0.9 }],
    [5, { cluster: 'c_5', score: 0.9 }],
    [6, { cluster: 'c_5', score: 0.9 }],
  ]);
  // Account 3 is in a flagged cluster's basis now (tested there); c_5's cohort keeps 3 accounts, c_1's too.
  const cohorts = pivotCohorts(confirmed, new Set([3]), summaries);
  assert.deepEqual(
    cohorts.map((c) => [c.id, c.everyone.map((s) => s.idx)]),
    [
      ['cohort:c_1', [0, 1, 2]],
      ['cohort:c_5', [4, 5, 6]],
    ],
  );
  assert.equal(pivotCohorts(confirmed, new Set([3, 4]), summaries).length, 1, 'two accounts are no cohort');
  assert.notEqual(cohortId('c_1'), 'c_1', 'a cohort never takes the id of a cluster');
});

test("a cohort's move is alerted under its own id once two of its accounts moved, not on one account's", () => {
  const releases = [{ model: 'm-2', at: T }];
  const account = (idx: number, moveAt: number): AccountSummary => {
    const s = newAccountSummary(idx, `a${idx}`, T - 24 * HOUR);
    for (let t = T - 24 * HOUR; t < T + 8 * HOUR; t += 10 * 60_000) recordReleaseHour(s, releases, t, t >= T + moveAt * HOUR ? 'm-2' : 'm-1');
    return s;
  };
  // One account moves at hour 2 (a third of the cohort's traffic: a pivot reading), the second at hour 5.
  const summaries = [account(0, 2), account(1, 5), account(2, 99)];
  const confirmed = new Map(summaries.map((s) => [s.idx, { cluster: 'c_9', score: 0.9 }]));
  const state = { summaries, releases, pivotNamed: new Map(), pivotTold: new Map(), alerted: new Set(), alerts: [] } as unknown as ClustererState;
  const [cohort] = pivotCohorts(confirmed, new Set(), summaries);
  assert.ok(cohort);
  for (let h = 2; h < 5; h += 1 / 6) raisePivots(state, T + h * HOUR, cohort);
  assert.equal(state.alerts.length, 0, 'one account that moved is no fleet moving');
  for (let h = 5; h <= 8; h += 1 / 6) raisePivots(state, T + h * HOUR, cohort);
  assert.equal(state.alerts.length, 1);
  assert.equal(state.alerts[0]?.cluster, 'cohort:c_9');
  assert.deepEqual(state.alerts[0]?.accounts, ['a0', 'a1']);
  assert.match(state.alerts[0]?.detail ?? '', /of the cohort \(3 accounts confirmed by one cluster/);
});
