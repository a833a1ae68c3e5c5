import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_HOURS, CONSUMER_WEEK, DAY } from './clock.js';
import { Rng } from './rng.js';
import { SessionClock } from './sessions.js';

test('sessions hold several requests separated by think time; volume matches sessions x length', () => {
  const from = Date.parse('2026-02-02T00:00:00Z');
  const clock = new SessionClock(new Rng(3), { rhythm: { hours: CONSUMER_HOURS, week: CONSUMER_WEEK, tz: 0 }, sessionsPerDay: 2, perSession: 5, thinkSeconds: 40, from, end: from + 30 * DAY });
  let t: number | null = from - 1;
  let n = 0;
  const gaps: number[] = [];
  let last = 0;
  while ((t = clock.next(t)) !== null) {
    if (!clock.newSession) gaps.push((t - last) / 1000);
    last = t;
    n++;
  }
  assert.ok(Math.abs(clock.sessions / 30 - 2) < 0.4, `${clock.sessions / 30} sessions a day`);
  assert.ok(Math.abs(n / clock.sessions - 5) < 0.8, `${n / clock.sessions} per session`);
  gaps.sort((a, b) => a - b);
  assert.ok(Math.abs(gaps[gaps.length >> 1]! - 40) < 6, `median think ${gaps[gaps.length >> 1]}`);
});
