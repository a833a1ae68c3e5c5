import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1a32 } from './hash.js';

test('fnv1a32 is deterministic, seed-dependent and spreads nearby strings over both halves of the range', () => {
  assert.equal(fnv1a32('203.0.113.7'), fnv1a32('203.0.113.7'));
  assert.notEqual(fnv1a32('x', 1), fnv1a32('x', 2));
  let high = 0;
  for (let i = 0; i < 1000; i++) if (fnv1a32(`10.0.0.${i}`) >= 2 ** 31) high++;
  assert.ok(high > 400 && high < 600, `high ${high}`);
});
