import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary, type AccountSummary } from './account-summary.js';
import type { ClustererState } from './index.js';
import { raisePivots } from './pivot-alerts.js';
import { LONERS_ID, pivotLoners, waveMovers, waveOf } from './pivot-loners.js';
import { recordReleaseHour } from './pivot.js';

const HOUR = 3_600_000;
const T = Date.parse('2026-02-10T00:00:00Z');
const releases = [{ model: 'm-2', at: T }];

/** An account sending one exchange every 10 minutes from a day before the release, all on the new model from `moveAt` hours. */
const account = (idx: number, moveAt: number): AccountSummary => {
  const s = newAccountSummary(idx, `a${idx}`, T - 24 * HOUR);
  for (let t = T - 24 * HOUR; t < T + 30 * HOUR; t += 10 * 60_000) recordReleaseHour(s, releases, t, t >= T + moveAt * HOUR ? 'm-2' : 'm-1');
  return s;
};

test('the loners are the judged accounts no cluster or cohort tested', () => {
  const summaries = [0, 1, 2, 3, 4].map((i) => account(i, 99));
  const judged = (s: AccountSummary) => s.idx !== 4;
  assert.deepEqual(pivotLoners(summaries, judged, new Set([0]))?.everyone.map((s) => s.idx), [1, 2, 3]);
  assert.equal(pivotLoners(summaries, judged, new Set([0, 1])), null, 'two accounts are no group');
});

test('a wave is the accounts whose first exchange on the new model is in the last three clock hours', () => {
  const pool = [account(0, 1.5), account(1, 3.2), account(2, 5.5), account(3, 99)];
  assert.deepEqual(waveOf(pool, 0, T, T + 5.7 * HOUR).map((s) => s.idx), [1, 2]);
});

test('an account adding a burst on the new model beside its usual traffic is no wave mover', () => {
  const s = newAccountSummary(0, 'a0', T - 24 * HOUR);
  for (let t = T - 24 * HOUR; t < T + 6 * HOUR; t += 10 * 60_000) recordReleaseHour(s, releases, t, 'm-1');
  for (let t = T + 4 * HOUR; t < T + 6 * HOUR; t += 20 * 60_000) recordReleaseHour(s, releases, t, 'm-2');
  const moved = account(1, 4);
  assert.deepEqual(waveMovers([s, moved], 0, T, T + 5.5 * HOUR).map((x) => x.idx), [1]);
});

test('judged loners moving together are alerted, each wave once, and one account moving alone is not', () => {
  // Accounts 0-2 (no cluster ties them) take up the new model within an hour 11 h after the release; account 3 alone
  // at hour 2; accounts 4-6 together at hour 20.
  const summaries = [account(0, 11), account(1, 11.4), account(2, 11.8), account(3, 2), account(4, 20), account(5, 20.3), account(6, 20.6)];
  const state = { summaries, releases, pivotNamed: new Map(), pivotTold: new Map(), alerted: new Set(), alerts: [] } as unknown as ClustererState;
  const loners = pivotLoners(summaries, () => true, new Set());
  assert.ok(loners);
  for (let h = 1; h < 11.5; h += 1 / 6) raisePivots(state, T + h * HOUR, loners);
  assert.equal(state.alerts.length, 0, 'one account taking up the model is no move of a fleet');
  for (let h = 11.5; h < 19; h += 1 / 6) raisePivots(state, T + h * HOUR, loners);
  assert.equal(state.alerts.length, 1, 'the wave is told once');
  assert.equal(state.alerts[0]?.cluster, LONERS_ID);
  assert.deepEqual(state.alerts[0]?.accounts, ['a0', 'a1', 'a2']);
  assert.match(state.alerts[0]?.detail ?? '', /^3 accounts judged distillation that no flagged cluster holds took up m-2 within 3 h/);
  for (let h = 19; h < 24; h += 1 / 6) raisePivots(state, T + h * HOUR, loners);
  assert.deepEqual(
    state.alerts.map((a) => a.accounts),
    [
      ['a0', 'a1', 'a2'],
      ['a4', 'a5', 'a6'],
    ],
    'a later wave of other accounts has its own alert',
  );
});
