import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary } from './account-summary.js';
import { isPivot, measurePivot, recordReleaseHour } from './pivot.js';

const HOUR = 3_600_000;
const REL = Date.parse('2026-02-10T00:00:00Z');
const releases = [{ model: 'm-2', at: REL }];

function account(moved: boolean, added: boolean) {
  const s = newAccountSummary(0, 'a', REL - 24 * HOUR);
  for (let h = -24; h < 6; h++) {
    for (let i = 0; i < 10; i++) {
      const t = REL + h * HOUR + i * 60_000;
      const onNew = h >= 2 && ((moved && i < 5) || (added && false));
      recordReleaseHour(s, releases, t, onNew ? 'm-2' : 'm-1');
    }
    if (added && h >= 2) for (let i = 0; i < 30; i++) recordReleaseHour(s, releases, REL + h * HOUR + i * 1000, 'm-2');
  }
  return s;
}

test('traffic moved onto the new model is a pivot', () => {
  const m = measurePivot([account(true, false)], 0, REL, REL + 4 * HOUR);
  assert.ok(m !== null && m.share >= 0.45 && m.otherRatio < 0.6, JSON.stringify(m));
  assert.ok(isPivot(m, 10));
});

test('a burst added on the new model while the usual traffic continues is not', () => {
  const m = measurePivot([account(false, true)], 0, REL, REL + 4 * HOUR);
  assert.ok(m !== null && m.share > 0.5);
  assert.equal(isPivot(m, 10), false);
});

test('outside the horizon there is nothing to measure', () => {
  assert.equal(measurePivot([account(true, false)], 0, REL, REL - HOUR), null);
  assert.equal(measurePivot([account(true, false)], 0, REL, REL + 100 * HOUR), null);
});
