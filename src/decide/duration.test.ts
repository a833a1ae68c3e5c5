import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from './duration.js';

test('parses the units people write', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(formatDuration(parseDuration('7d')), '1w');
  assert.equal(formatDuration(parseDuration('36h')), '36h');
});

test('rejects what is not a duration, naming it', () => {
  assert.throws(() => parseDuration('forever'), /"forever"/);
  assert.throws(() => parseDuration('0h'), /positive/);
  assert.throws(() => parseDuration('10'), /invalid duration/);
});

test('rejects durations too long to add to a date', () => {
  assert.throws(() => parseDuration('99999999999999w'), /longer than 100 years/);
  assert.equal(parseDuration('5200w'), 5200 * 604_800_000);
});
