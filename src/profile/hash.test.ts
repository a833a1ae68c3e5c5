import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash32 } from './hash.js';

test('hash32 is deterministic, seed-dependent and spreads nearby strings over both halves of the range', () => {
  assert.equal(hash32('203.0.113.7'), hash32('203.0.113.7'));
  assert.notEqual(hash32('x', 1), hash32('x', 2));
  let high = 0;
  for (let i = 0; i < 1000; i++) if (hash32(`10.0.0.${i}`) >= 2 ** 31) high++;
  assert.ok(high > 400 && high < 600, `high ${high}`);
});
