import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedBeforeFirst, logStartOf, observedStart, START_SILENCE_EXPECTED, type ActivityShape } from './observed-start.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOG = Date.parse('2026-03-02T00:00:00Z');

/** An account's activity: `n` exchanges from `first` to `last`, spread over the given hours of the day. */
function shape(first: number, last: number, n: number, hoursOfDay: number[] = [...Array(24).keys()]): ActivityShape {
  const hours = new Uint32Array(24);
  for (let i = 0; i < n; i++) {
    const h = hoursOfDay[i % hoursOfDay.length] ?? 0;
    hours[h] = (hours[h] ?? 0) + 1;
  }
  return { firstSeen: first, lastSeen: last, exchanges: n, hours };
}

test('a busy account seen minutes after the log begins has no start in the log; one seen days later has', () => {
  // About 16 exchanges an hour for 8 days, first seen 5 minutes in: about 1.3 would have been sent in those minutes.
  const app = shape(LOG + 5 * 60_000, LOG + 8 * DAY, 3100);
  assert.ok(expectedBeforeFirst(app, LOG) < START_SILENCE_EXPECTED);
  assert.ok(Number.isNaN(observedStart(app, LOG, NaN)));
  // The same pace from day 2 on: two silent days are no chance.
  const later = shape(LOG + 2 * DAY, LOG + 8 * DAY, 2300);
  assert.equal(observedStart(later, LOG, NaN), LOG + 2 * DAY);
  // A few requests a week, first seen on day 2: silence is what such an account shows anyway.
  const occasional = shape(LOG + 2 * DAY, LOG + 7 * DAY, 4);
  assert.ok(Number.isNaN(observedStart(occasional, LOG, NaN)));
});

test('a sign-up after the log began makes the first request a start, however soon', () => {
  const app = shape(LOG + 5 * 60_000, LOG + 8 * DAY, 3100);
  assert.equal(observedStart(app, LOG, LOG + 60_000), LOG + 5 * 60_000);
  // Signed up before the log: the log still cannot tell.
  assert.ok(Number.isNaN(observedStart(app, LOG, LOG - 30 * DAY)));
});

test('silence outside an account’s own hours of the day is no sign it had not begun', () => {
  // Works 09:00-17:00 UTC every day of the week, 40 exchanges a day: first seen at 09:00 on the log's first day
  // (the log began at midnight) is what an account already at work shows.
  const office = [9, 10, 11, 12, 13, 14, 15, 16];
  const worker = shape(LOG + 9 * HOUR, LOG + 7 * DAY, 280, office);
  assert.equal(expectedBeforeFirst(worker, LOG), 0);
  assert.ok(Number.isNaN(observedStart(worker, LOG, NaN)));
  // First seen at 09:00 on day 3: two whole working days were silent.
  const starter = shape(LOG + 2 * DAY + 9 * HOUR, LOG + 7 * DAY, 200, office);
  assert.ok(expectedBeforeFirst(starter, LOG) > 50);
  assert.equal(observedStart(starter, LOG, NaN), starter.firstSeen);
});

test('an account seen for less than a day is judged at its mean pace (its hours of the day are not known yet)', () => {
  // 30 exchanges in its first half hour, first seen 19 h after the log began, at the refresh 30 minutes later.
  const fresh = shape(LOG + 19 * HOUR, LOG + 19.5 * HOUR, 30, [19]);
  assert.ok(Math.abs(expectedBeforeFirst(fresh, LOG) - (30 * 19) / 19.5) < 1e-9);
  assert.equal(observedStart(fresh, LOG, NaN), fresh.firstSeen);
});

test('the log begins at the earliest first request', () => {
  assert.equal(logStartOf([{ firstSeen: 5 }, { firstSeen: 2 }, { firstSeen: 9 }]), 2);
  assert.equal(logStartOf([]), Infinity);
});
