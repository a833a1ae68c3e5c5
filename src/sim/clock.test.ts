import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_HOURS, CONSUMER_WEEK, DAY, HOUR, nextRhythmic, OFFICE_HOURS, rhythmMax, rhythmWeight, WORK_WEEK } from './clock.js';
import { Rng } from './rng.js';

const MONDAY = Date.parse('2026-02-02T00:00:00Z');

test('weights follow local time and weekday', () => {
  const r = { hours: OFFICE_HOURS, week: WORK_WEEK, tz: 8 };
  // 02:00 UTC Monday is 10:00 in UTC+8: office hours.
  assert.ok(rhythmWeight(r, MONDAY + 2 * HOUR) > rhythmWeight(r, MONDAY + 20 * HOUR));
  assert.ok(rhythmWeight(r, MONDAY + 2 * HOUR) > rhythmWeight(r, MONDAY + 5 * DAY + 2 * HOUR), 'Saturday is quieter');
});

test('thinned process has the requested daily mean and its rhythm', () => {
  const rng = new Rng(4);
  const r = { hours: CONSUMER_HOURS, week: CONSUMER_WEEK, tz: 0 };
  const end = MONDAY + 28 * DAY;
  let t: number | null = MONDAY;
  let n = 0;
  let night = 0;
  while ((t = nextRhythmic(rng, r, rhythmMax(r), t, 50, end)) !== null) {
    n++;
    const h = Math.floor(t / HOUR) % 24;
    if (h >= 2 && h < 5) night++;
  }
  assert.ok(Math.abs(n / 28 - 50) < 4, `${n / 28} a day`);
  assert.ok(night / n < 0.03);
});
