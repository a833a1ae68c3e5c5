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

test('keeps exactly the k smallest distinct hashes, in any order of arrival', () => {
  for (const k of [1, 5, 32]) {
    const d = new DistinctCount(k);
    const seen = new Set<number>();
    let x = 7;
    for (let i = 0; i < 3000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const h = i % 5 === 0 ? x % 97 : x;
      d.addHash(h);
      seen.add(h);
      const sorted = [...seen].sort((a, b) => a - b).slice(0, k);
      const expected = sorted.length < k ? sorted.length : ((k - 1) * 4294967296) / (sorted[k - 1]! + 1);
      assert.equal(d.estimate(), expected, `k ${k} after ${i + 1} hashes`);
    }
  }
});
