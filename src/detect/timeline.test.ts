import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from './timeline.js';

test('buckets exchanges by hour and verdict', () => {
  const tl = new Timeline();
  const t0 = Date.parse('2026-02-01T10:00:00Z');
  tl.add(t0 + 1000, 'benign');
  tl.add(t0 + 2000, 'distillation');
  tl.add(t0 + 3_600_000, 'benign');
  const s = tl.series();
  assert.equal(s.length, 2);
  assert.deepEqual(s[0], { t: t0, benign: 1, suspicious: 0, distillation: 1 });
  assert.equal(s[1]!.benign, 1);
});
