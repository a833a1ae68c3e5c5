import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAccountSummary } from './account-summary.js';
import { isFreshMove, isPivot, measureFreshMove, measurePivot, pivotReading, recordReleaseHour } from './pivot.js';

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

/** A group that sends `perHour` exchanges an hour on m-1 before the release and moves `share` of them to m-2 from hour `from`. */
function small(perHour: number, from: number, share: number) {
  const s = newAccountSummary(0, 'a', REL - 24 * HOUR);
  for (let h = -24; h < 8; h++) {
    for (let i = 0; i < perHour; i++) {
      const onNew = h >= from && i < share * perHour;
      recordReleaseHour(s, releases, REL + h * HOUR + i * Math.floor(HOUR / perHour), onNew ? 'm-2' : 'm-1');
    }
  }
  return s;
}

test('right after a full hour the window is the last 60 minutes, not an empty new hour', () => {
  const m = measurePivot([small(30, 2, 0.6)], 0, REL, REL + 4 * HOUR);
  assert.ok(m !== null && m.recent === 30 && m.share >= 0.55, JSON.stringify(m));
  assert.ok(isPivot(m, 20));
});

test('a thin hour is widened back (never before the release) until it holds enough exchanges', () => {
  const one = measurePivot([small(8, 1, 0.75)], 0, REL, REL + 4 * HOUR);
  assert.ok(one !== null && one.recent === 8, JSON.stringify(one));
  const wide = measurePivot([small(8, 1, 0.75)], 0, REL, REL + 4 * HOUR, 20);
  assert.ok(wide !== null && wide.recent === 24 && wide.share === 0.75, JSON.stringify(wide));
  assert.ok(isPivot(wide, 20));
  const early = measurePivot([small(8, 0, 0.75)], 0, REL, REL + 1.5 * HOUR, 20);
  assert.ok(early !== null && early.recent <= 12, 'only the 1.5 h since the release');
  assert.equal(isPivot(early, 20), false, 'still too few exchanges to call');
});

test('a burst added by a thin group is still no pivot when widened', () => {
  const s = small(8, 99, 0);
  for (let h = 1; h < 8; h++) for (let i = 0; i < 20; i++) recordReleaseHour(s, releases, REL + h * HOUR + i * 1000, 'm-2');
  const m = measurePivot([s], 0, REL, REL + 4 * HOUR, 20);
  assert.ok(m !== null && m.share > 0.5);
  assert.equal(isPivot(m, 20), false);
});

/** A group of `perHour` exchanges an hour on m-1 that moves `share` of them to m-2 at `moveAt` (hours after the release). */
function stepMove(perHour: number, moveAt: number, share: number, until: number) {
  const s = newAccountSummary(0, 'a', REL - 24 * HOUR);
  const gap = HOUR / perHour;
  let i = 0;
  for (let t = REL - 24 * HOUR; t < REL + until * HOUR; t += gap, i++) {
    const onNew = t >= REL + moveAt * HOUR && (i % 10) < share * 10;
    recordReleaseHour(s, releases, t, onNew ? 'm-2' : 'm-1');
  }
  return s;
}

test('a step move is called on the newest exchanges ten minutes after it, before the hourly reading sees it', () => {
  const g = [stepMove(60, 6, 1, 6 + 1 / 6)];
  const now = REL + (6 + 1 / 6) * HOUR;
  const hourly = measurePivot(g, 0, REL, now, 10);
  assert.ok(hourly !== null && !isPivot(hourly, 10), `hourly reading mixes in the hour before: ${JSON.stringify(hourly)}`);
  const fresh = measureFreshMove(g, 0, REL, now, 10);
  assert.ok(fresh !== null && fresh.share === 1 && fresh.windowMinutes === 10 && fresh.otherRatio === 0, JSON.stringify(fresh));
  assert.ok(isFreshMove(fresh, 10));
  assert.equal(pivotReading(g, 0, REL, now, 10)?.windowMinutes, 10);
});

test('the newest-exchanges reading widens bin by bin, at most an hour, and needs a majority on the new model', () => {
  const thin = [stepMove(3, 6, 1, 6.5)];
  assert.equal(measureFreshMove(thin, 0, REL, REL + 6.5 * HOUR, 10), null, 'an hour of a thin group is not 10 exchanges');
  const third = [stepMove(60, 6, 0.3, 6.5)];
  const m = measureFreshMove(third, 0, REL, REL + 6.5 * HOUR, 10);
  assert.ok(m !== null && m.recent >= 10 && m.windowMinutes <= 60 && m.share < 0.5, JSON.stringify(m));
  assert.equal(isFreshMove(m, 10), false, 'three in ten of the newest exchanges is left to the hourly reading');
});

test('a burst added on the new model is no fresh move either', () => {
  const s = stepMove(30, 99, 0, 6.5);
  for (let i = 0; i < 40; i++) recordReleaseHour(s, releases, REL + 6.25 * HOUR + i * 1000, 'm-2');
  const m = measureFreshMove([s], 0, REL, REL + 6.5 * HOUR, 10);
  assert.ok(m !== null && m.share > 0.5, JSON.stringify(m));
  assert.equal(isFreshMove(m, 10), false);
});

test('the ring keeps only the last hour: an exchange of an overwritten bin is left out', () => {
  const s = stepMove(60, 6, 1, 7);
  recordReleaseHour(s, releases, REL + 5 * HOUR, 'm-1');
  const m = measureFreshMove([s], 0, REL, REL + 7 * HOUR, 10);
  assert.ok(m !== null && m.share === 1, JSON.stringify(m));
});

test('a newest-exchanges reading is no move when the hour around it shows the traffic added', () => {
  // Usual traffic, then an evaluation burst on both models, then ten minutes of almost only the new model.
  const s = stepMove(30, 99, 0, 6 + 2 / 6);
  for (let i = 0; i < 600; i++) recordReleaseHour(s, releases, REL + 6 * HOUR + i * 2000, i % 2 === 0 ? 'm-2' : 'm-1');
  for (let i = 0; i < 52; i++) recordReleaseHour(s, releases, REL + (6 + 2 / 6) * HOUR + i * 10_000, i < 50 ? 'm-2' : 'm-1');
  const now = REL + 6.5 * HOUR;
  const fresh = measureFreshMove([s], 0, REL, now, 10);
  assert.ok(fresh !== null && isFreshMove(fresh, 10), `the last ten minutes alone read as a move: ${JSON.stringify(fresh)}`);
  const hourly = measurePivot([s], 0, REL, now, 10);
  assert.ok(hourly !== null && hourly.otherRatio > 1 && hourly.totalRatio > 1.5, JSON.stringify(hourly));
  assert.equal(pivotReading([s], 0, REL, now, 10), null);
});

/** 12 exchanges an hour on m-1 through hour 4; in hour 5 its 12 exchanges with `onNew` of them on m-2; then quiet. */
function movedThenQuiet(onNew: number, extraOld = 0) {
  const s = newAccountSummary(0, 'a', REL - 24 * HOUR);
  for (let h = -24; h < 5; h++) for (let i = 0; i < 12; i++) recordReleaseHour(s, releases, REL + h * HOUR + i * 5 * 60_000, 'm-1');
  for (let i = 0; i < 12 + extraOld; i++) recordReleaseHour(s, releases, REL + 5 * HOUR + i * 60_000, i < onNew ? 'm-2' : 'm-1');
  return s;
}

test("a thin group's widened window stops at its first exchange on the new model, whose hour it takes whole", () => {
  const now = REL + 6.8 * HOUR;
  const hourly = measurePivot([movedThenQuiet(4)], 0, REL, now, 10);
  assert.ok(hourly !== null && hourly.share < 0.2 && hourly.windowMinutes > 60, 'widened into the hours before the move');
  const since = measurePivot([movedThenQuiet(4)], 0, REL, now, 10, true);
  assert.ok(since !== null && since.recent === 12 && since.windowMinutes === 108, JSON.stringify(since));
  assert.ok(isPivot(since, 10));
  assert.equal(pivotReading([movedThenQuiet(4)], 0, REL, now, 10)?.windowMinutes, 108);
  assert.equal(pivotReading([movedThenQuiet(1)], 0, REL, now, 10), null, 'one exchange of twelve is no move');
  assert.equal(pivotReading([movedThenQuiet(12, 30)], 0, REL, now, 10), null, 'nor a burst added with the usual traffic going on');
});

test('an hourly reading reads no further back than its widest window', () => {
  // Thin traffic (2 exchanges an hour), so the window widens to its most; a burst on the new model 5 h before it is not read.
  const thin = (burst: boolean) => {
    const s = newAccountSummary(0, 'a', REL - 24 * HOUR);
    for (let h = -24; h < 10; h++) for (let i = 0; i < 2; i++) recordReleaseHour(s, releases, REL + h * HOUR + i * 60_000, 'm-1');
    if (burst) for (let i = 0; i < 50; i++) recordReleaseHour(s, releases, REL + 4 * HOUR + i * 1000, 'm-2');
    return s;
  };
  const now = REL + 9.5 * HOUR;
  const plain = measurePivot([thin(false)], 0, REL, now, 10);
  const withBurst = measurePivot([thin(true)], 0, REL, now, 10);
  assert.ok(plain !== null && plain.windowMinutes === 180, JSON.stringify(plain));
  assert.deepEqual(withBurst, plain);
});
