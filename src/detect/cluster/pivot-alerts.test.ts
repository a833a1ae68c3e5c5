import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../report.js';
import { newAccountSummary } from './account-summary.js';
import type { MemberContext } from './cluster-score.js';
import type { ClustererState } from './index.js';
import { moversOf, pivotBasis, raisePivots } from './pivot-alerts.js';
import { recordReleaseHour } from './pivot.js';

const T = Date.parse('2026-02-10T00:00:00Z');
const member = (idx: number, own: Verdict): MemberContext => ({
  sum: newAccountSummary(idx, `a${idx}`, T),
  account: undefined,
  own: { score: own === 'distillation' ? 0.9 : 0.3, verdict: own },
  strongestLink: 0.5,
  tieBeyondCard: 0.5,
});
const never = () => false;
const oneGroup = () => ['core:0'];

test('a distillation cluster is tested on its judged harvesters, then on every judged member', () => {
  const members = [0, 1, 2, 3, 4, 5].map((i) => member(i, 'benign'));
  const judged = (idx: number) => idx !== 2 && idx !== 5;
  const basis = pivotBasis('c_1', members, { verdict: 'distillation', trust: 0, harvesters: new Set([0, 1, 2, 3]) }, judged, oneGroup);
  assert.deepEqual(basis?.harvesters.map((s) => s.idx), [0, 1, 3], 'a harvester the verdict held back is not named');
  assert.deepEqual(basis?.everyone.map((s) => s.idx), [0, 1, 3, 4], 'nor a carried member it does not condemn');
});

test('members not judged distillation form no coordinated group of their own', () => {
  // Two groups of harvesters: 0-2 (judged) and 3-5 (research accounts the verdict held at suspicious).
  const members = [0, 1, 2, 3, 4, 5, 6].map((i) => member(i, 'benign'));
  const groupKeys = (idx: number) => [idx < 3 ? 'content:a' : 'content:b'];
  const basis = pivotBasis('c_1', members, { verdict: 'distillation', trust: 0, harvesters: new Set([0, 1, 2, 3, 4, 5, 6]) }, (idx) => idx < 3 || idx === 6, groupKeys);
  assert.deepEqual(basis?.groups, [[0, 1, 2]]);
});

test('a suspicious cluster counts when most members are flagged on their own, and answers only for them', () => {
  const members = [member(0, 'distillation'), member(1, 'distillation'), member(2, 'suspicious'), member(3, 'benign')];
  const scored = { verdict: 'suspicious' as const, trust: 0, harvesters: new Set<number>() };
  assert.equal(pivotBasis('c_1', members, scored, never, oneGroup), null, 'half is not most');
  const basis = pivotBasis('c_1', members, scored, (idx) => idx === 2, oneGroup);
  assert.deepEqual(basis?.harvesters.map((s) => s.idx), [0, 1, 2]);
  assert.deepEqual(basis?.everyone.map((s) => s.idx), [0, 1, 2]);
});

test('benign and mostly trusted clusters are never tested', () => {
  const members = [0, 1, 2].map((i) => member(i, 'distillation'));
  assert.equal(pivotBasis('c_1', members, { verdict: 'benign', trust: 0, harvesters: new Set() }, never, oneGroup), null);
  assert.equal(pivotBasis('c_1', members, { verdict: 'distillation', trust: 0.6, harvesters: new Set([0, 1, 2]) }, never, oneGroup), null);
});

test('a cluster alert names the members that moved, not the other operators it holds', () => {
  const HOUR = 3_600_000;
  const releases = [{ model: 'm-2', at: T }];
  const account = (idx: number, moves: boolean) => {
    const s = newAccountSummary(idx, `a${idx}`, T - 24 * HOUR);
    for (let t = T - 24 * HOUR; t < T + 5 * HOUR; t += 6 * 60_000) recordReleaseHour(s, releases, t, moves && t >= T + 4 * HOUR ? 'm-2' : 'm-1');
    return s;
  };
  const group = [account(0, true), account(1, false), account(2, true), account(3, false)];
  assert.deepEqual(moversOf(group, 0, T, T + 5 * HOUR).map((s) => s.idx), [0, 2]);
  assert.deepEqual(moversOf(group, 0, T, T + 3 * HOUR), [], 'before the move nobody moved');
});

test("carried members that moved first do not spend the alert of the harvesters' own move", () => {
  const HOUR = 3_600_000;
  const releases = [{ model: 'm-2', at: T }];
  const account = (idx: number, moveAt: number) => {
    const s = newAccountSummary(idx, `a${idx}`, T - 24 * HOUR);
    for (let t = T - 24 * HOUR; t < T + 8 * HOUR; t += 6 * 60_000) recordReleaseHour(s, releases, t, t >= T + moveAt * HOUR ? 'm-2' : 'm-1');
    return s;
  };
  // Three harvesters that move at hour 6, four carried customers of the reseller that move at hour 2.
  const summaries = [account(0, 6), account(1, 6), account(2, 6), account(3, 2), account(4, 2), account(5, 2), account(6, 2)];
  const state = { summaries, releases, pivotNamed: new Map(), pivotTold: new Map(), alerted: new Set(), alerts: [] } as unknown as ClustererState;
  const basis = { id: 'c_1', harvesters: summaries.slice(0, 3), everyone: summaries, groups: [] };
  for (let h = 2; h <= 8; h += 1 / 6) raisePivots(state, T + h * HOUR, basis);
  const named = state.alerts.map((a) => a.accounts?.join(','));
  assert.deepEqual(named, ['a3,a4,a5,a6', 'a0,a1,a2']);
});

test('a group named whole before its accounts moved is told again when they move, not when they had moved with it', () => {
  const HOUR = 3_600_000;
  const releases = [{ model: 'm-2', at: T }];
  const account = (idx: number, moveAt: number) => {
    const s = newAccountSummary(idx, `a${idx}`, T - 24 * HOUR);
    for (let t = T - 24 * HOUR; t < T + 10 * HOUR; t += 6 * 60_000) recordReleaseHour(s, releases, t, t >= T + moveAt * HOUR ? 'm-2' : 'm-1');
    return s;
  };
  // A control component of 10 accounts chaining two operators: 0-6 and the content campaign 7-9 (a group of its own).
  const run = (laterAt: number) => {
    const summaries = [0, 1, 2, 3, 4, 5, 6].map((i) => account(i, 2)).concat([7, 8, 9].map((i) => account(i, laterAt)));
    const state = { summaries, releases, pivotNamed: new Map(), pivotTold: new Map(), alerted: new Set(), alerts: [] } as unknown as ClustererState;
    const basis = { id: 'c_1', harvesters: summaries, everyone: summaries, groups: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [7, 8, 9]] };
    for (let h = 1; h <= 10; h += 1 / 6) raisePivots(state, T + h * HOUR, basis);
    return state.alerts.map((a) => a.accounts?.join(','));
  };
  const all = 'a0,a1,a2,a3,a4,a5,a6,a7,a8,a9';
  assert.deepEqual(run(6), [all, 'a7,a8,a9'], 'the later move of the content campaign has its own alert');
  assert.deepEqual(run(2), [all], 'a content campaign that moved with the component was told with it');
});
