import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slabFloat64Array, slabUint32Array } from './slab-arrays.js';

test('carved arrays are zeroed, of the length asked, and do not overlap', () => {
  const arrays = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? slabUint32Array(24) : slabFloat64Array(32)));
  for (const a of arrays) {
    assert.equal(a.length, a instanceof Uint32Array ? 24 : 32);
    assert.ok(a.every((x) => x === 0));
  }
  arrays.forEach((a, i) => a.fill(i + 1));
  arrays.forEach((a, i) => assert.ok(a.every((x) => x === i + 1), `array ${i} was overwritten`));
});

test('carved arrays share buffers and keep their element type', () => {
  const a = slabUint32Array(24);
  const b = slabUint32Array(24);
  assert.equal(a.buffer, b.buffer);
  a[0] = 2 ** 32 + 5;
  assert.equal(a[0], 5);
  const f = slabFloat64Array(32);
  assert.equal(f.byteOffset % 8, 0);
  f[0] = 0.1;
  assert.equal(f[0], 0.1);
});

test('large arrays get a buffer of their own', () => {
  const big = slabFloat64Array(1000);
  assert.equal(big.byteOffset, 0);
  assert.equal(big.buffer.byteLength, 8000);
});
