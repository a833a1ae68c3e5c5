import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FirstMet } from './first-met.js';

test('keeps each number once, in the order first added, and forgets them all at clear', () => {
  const met = new FirstMet();
  assert.deepEqual([5, 3, 5, 0, 3, 4000].map((x) => met.add(x)), [true, true, false, true, false, true]);
  assert.deepEqual(met.list, [5, 3, 0, 4000]);
  met.clear();
  assert.deepEqual(met.list, []);
  assert.deepEqual([3, 3, 5].map((x) => met.add(x)), [true, false, true]);
  assert.deepEqual(met.list, [3, 5]);
});
