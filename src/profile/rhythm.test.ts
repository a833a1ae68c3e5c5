import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rhythm } from './rhythm.js';

const T0 = Date.parse('2026-02-01T00:00:00Z');
const HOUR = 3_600_000;

test('a 24/7 metronome has a flat day, full duty cycle and regular gaps', () => {
  const r = new Rhythm();
  for (let i = 0; i < 72 * 12; i++) r.observe(T0 + i * 5 * 60_000);
  const f = r.features();
  assert.ok(f.quietWindowShare > 0.3, `quiet ${f.quietWindowShare}`);
  assert.equal(f.dutyCycle, 1);
  assert.ok(f.gapCv < 0.01);
  assert.equal(f.peakHourCount, 12);
});

test('a human working days has a quiet night and a low duty cycle', () => {
  const r = new Rhythm();
  let x = 12345;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let d = 0; d < 5; d++)
    for (let h = 9; h < 18; h++) if (rand() < 0.6) for (let k = 0; k < 3; k++) r.observe(T0 + d * 24 * HOUR + h * HOUR + rand() * HOUR);
  const f = r.features();
  assert.equal(f.quietWindowShare, 0);
  assert.ok(f.dutyCycle < 0.4, `duty ${f.dutyCycle}`);
});
