import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_HARD_TIE, MIN_SOFT_TIE, softlyTied } from './control-ties.js';

test('synchrony ties a pair as hard only with another kind of evidence, the two adding up to a hard tie', () => {
  assert.equal(softlyTied(0.5, 0.3), true);
  assert.equal(softlyTied(0.3, 0.5), true);
  // in step alone, or a crowded address alone, ties nothing
  assert.equal(softlyTied(1, 0), false);
  assert.equal(softlyTied(0, 0.79), false);
  // both present but short of a hard tie together
  assert.equal(softlyTied(0.4, 0.35), false);
  // each below the soft threshold, however strong the other
  assert.equal(softlyTied(MIN_SOFT_TIE - 0.01, MIN_HARD_TIE), false);
});
