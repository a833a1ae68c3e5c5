import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGGED_QUIET_MS, QUIET_MS, successorWeight } from './successor-link.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t = 30 * DAY;

test('an account silent for 6 h on a private address is succeeded by the next one there', () => {
  const prev = { lastOnKey: t - 8 * HOUR, lastSeen: t - 8 * HOUR, flagged: false };
  assert.equal(successorWeight(prev, t, 1), 0.7);
  // a flagged one needs only an hour, and its successor is worth more
  const blocked = { lastOnKey: t - 2 * HOUR, lastSeen: t - 2 * HOUR, flagged: true };
  assert.equal(successorWeight(blocked, t, 1), 1);
  assert.equal(successorWeight({ ...blocked, flagged: false }, t, 1), 0);
});

test('an account that left this key but is still active elsewhere did not go quiet', () => {
  // a rotating residential exit: last on this /24 two days ago, sending from another address ten minutes ago
  const moved = { lastOnKey: t - 2 * DAY, lastSeen: t - 10 * 60_000, flagged: false };
  assert.equal(successorWeight(moved, t, 1), 0);
  assert.equal(successorWeight({ ...moved, flagged: true }, t, 1), 0);
  // the same account, had it stopped altogether, would be a predecessor
  assert.equal(successorWeight({ ...moved, lastSeen: t - QUIET_MS }, t, 1), 0.7);
  assert.equal(successorWeight({ ...moved, lastSeen: t - FLAGGED_QUIET_MS, flagged: true }, t, 1), 1);
});

test('no successor past the kind window or in a crowded neighbourhood', () => {
  const old = { lastOnKey: t - 8 * DAY, lastSeen: t - 8 * DAY, flagged: true };
  assert.equal(successorWeight(old, t, 1), 0);
  const quiet = { lastOnKey: t - DAY, lastSeen: t - DAY, flagged: false };
  assert.equal(successorWeight(quiet, t, 0.4), 0);
  assert.equal(successorWeight(quiet, t, 0.6), 0.7 * 0.6);
});
