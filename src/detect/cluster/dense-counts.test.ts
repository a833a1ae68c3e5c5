import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseCounts } from './dense-counts.js';

test('counts come back in the order first counted, and a drain starts the next round from nothing', () => {
  const counts = new DenseCounts(8);
  for (const i of [5, 2, 5, 7, 2, 5]) counts.add(i);
  const first: [number, number][] = [];
  counts.drain((i, n) => first.push([i, n]));
  assert.deepEqual(first, [[5, 3], [2, 2], [7, 1]]);
  counts.add(2);
  const second: [number, number][] = [];
  counts.drain((i, n) => second.push([i, n]));
  assert.deepEqual(second, [[2, 1]]);
});
