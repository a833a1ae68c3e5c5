import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crowdFactor, LINK_KINDS, LINK_SPECS, repeatFactor, synchronyFactor } from './link-kinds.js';

test('crowded keys are weak: a stock fingerprint of 150 accounts is worth 3% of a private one', () => {
  assert.equal(crowdFactor(2, 4), 1);
  assert.ok(crowdFactor(100, 4) < crowdFactor(10, 4));
  assert.ok(crowdFactor(10_000, 4) < 0.001);
});

test('one coincidence in time is no evidence; repeated ones are', () => {
  assert.equal(synchronyFactor(1), 0);
  assert.ok(synchronyFactor(3) > 0.4 && synchronyFactor(10) > synchronyFactor(3));
  assert.ok(repeatFactor(8) > repeatFactor(1));
});

test('every link kind is specified with a reason', () => {
  for (const k of LINK_KINDS) assert.ok(LINK_SPECS[k].base > 0 && LINK_SPECS[k].why.length > 10, k);
  assert.ok(LINK_SPECS.payment.base > LINK_SPECS.asn.base);
});
