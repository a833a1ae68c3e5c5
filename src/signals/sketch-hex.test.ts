import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sketchText } from './minhash.js';
import { sketchFromHex, sketchToHex } from './sketch-hex.js';

test('a sketch survives the trip through hex', () => {
  const sketch = sketchText('Think step by step and show your full reasoning before answering.');
  assert.deepEqual(sketchFromHex(sketchToHex(sketch)), sketch);
  assert.equal(sketchToHex(Uint32Array.of(0, 0xffffffff)), '00000000ffffffff');
});

test('text that is not a sketch is refused', () => {
  assert.throws(() => sketchFromHex('abc'), /groups of 8/);
  assert.throws(() => sketchFromHex('0000000g'), /groups of 8/);
});
