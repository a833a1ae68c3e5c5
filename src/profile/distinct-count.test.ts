import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DistinctCount } from './distinct-count.js';

test('exact below k, ignores repeats', () => {
  const d = new DistinctCount(16);
  for (let r = 0; r < 3; r++) for (let i = 0; i < 10; i++) d.add(`10.0.0.${i}`);
  assert.equal(d.estimate(), 10);
});

test('estimates large cardinalities within 30%', () => {
  const d = new DistinctCount(64);
  for (let i = 0; i < 20000; i++) d.add(`ua-${i}`);
  const e = d.estimate();
  assert.ok(e > 14000 && e < 26000, `estimate ${e}`);
});

test('the estimate over two counts counts what both saw once, exactly below k and estimated past it', () => {
  const a = new DistinctCount(16);
  const b = new DistinctCount(16);
  for (let i = 0; i < 6; i++) a.add(`x${i}`);
  for (let i = 3; i < 10; i++) b.add(`x${i}`);
  assert.equal(a.estimateWith(b), 10);
  assert.equal(b.estimateWith(a), 10);
  const c = new DistinctCount(64);
  const d = new DistinctCount(64);
  for (let i = 0; i < 12000; i++) c.add(`ua-${i}`);
  for (let i = 8000; i < 20000; i++) d.add(`ua-${i}`);
  const e = c.estimateWith(d);
  assert.ok(e > 14000 && e < 26000, `estimate ${e}`);
});
