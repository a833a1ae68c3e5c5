import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grow } from './typed-arrays.js';

test('grow keeps an array that is long enough and otherwise doubles it, copying its values', () => {
  const a = Int32Array.from([1, 2, 3]);
  assert.equal(grow(a, 3), a);
  const doubled = grow(a, 4);
  assert.ok(doubled instanceof Int32Array);
  assert.deepEqual([...doubled], [1, 2, 3, 0, 0, 0]);
  const far = grow(Float64Array.from([0.5]), 10);
  assert.ok(far instanceof Float64Array);
  assert.equal(far.length, 10);
  assert.equal(far[0], 0.5);
});
