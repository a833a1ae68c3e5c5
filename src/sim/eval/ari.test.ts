import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from './ari.js';

test('identical partitions (up to renaming) score 1', () => {
  assert.equal(adjustedRandIndex(['a', 'a', 'b', 'b', 'c'], ['x', 'x', 'y', 'y', 'z']), 1);
});

test('known value: sklearn example [0,0,1,1] vs [0,0,1,2] = 0.5714...', () => {
  assert.ok(Math.abs(adjustedRandIndex(['0', '0', '1', '1'], ['0', '0', '1', '2']) - 0.5714285714) < 1e-9);
});

test('known value: [0,0,1,1] vs [0,1,0,1] = -0.5', () => {
  assert.ok(Math.abs(adjustedRandIndex(['0', '0', '1', '1'], ['0', '1', '0', '1']) + 0.5) < 1e-12);
});

test('known value: [0,0,0,1,1,1] vs [0,0,1,1,2,2] = 0.2424...', () => {
  // By hand: same-pair index 2, row pairs 6, column pairs 3, expected 6*3/15 = 1.2, max 4.5 -> 0.8/3.3.
  const v = adjustedRandIndex(['0', '0', '0', '1', '1', '1'], ['0', '0', '1', '1', '2', '2']);
  assert.ok(Math.abs(v - 0.2424242424) < 1e-9);
});

test('merging everything into one cluster scores 0', () => {
  assert.equal(adjustedRandIndex(['a', 'a', 'b', 'b'], ['x', 'x', 'x', 'x']), 0);
});

test('rejects labelings of different lengths', () => {
  assert.throws(() => adjustedRandIndex(['a'], ['a', 'b']));
});
