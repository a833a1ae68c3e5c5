import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddressChurn, churnFactor, CHURN_FREE_DRAWS, CHURN_FULL_SHARE } from './address-churn.js';

test('accounts that keep to a few addresses keep their address links in full', () => {
  assert.equal(churnFactor(1, 1), 1);
  assert.equal(churnFactor(1, CHURN_FREE_DRAWS), 1);
});

test('one meeting among many draws of a rotating account is worth its share of them', () => {
  assert.ok(Math.abs(churnFactor(1, 64) - 1 / (CHURN_FULL_SHARE * 64)) < 1e-12);
  // an operator's own pool: the two accounts keep meeting
  assert.equal(churnFactor(20, 64), 1);
  assert.equal(churnFactor(0, 64), 0);
});

test('draws count moves of the address and of its /24; the churnier account of a pair sets the factor', () => {
  const churn = new AddressChurn();
  churn.noteMove(0, '', '203.0.113.5');
  churn.noteMove(0, '203.0.113.5', '203.0.113.5');
  churn.noteMove(0, '203.0.113.5', '203.0.113.9');
  assert.equal(churn.draws(0, 'ip'), 2);
  assert.equal(churn.draws(0, 'subnet'), 1);
  let previous = '';
  for (let i = 0; i < 40; i++) {
    const next = `198.51.${i}.7`;
    churn.noteMove(1, previous, next);
    previous = next;
  }
  assert.equal(churn.draws(1, 'subnet'), 40);
  assert.equal(churn.factor(0, 1, 'subnet', 1), churnFactor(1, 40));
  assert.equal(churn.factor(0, 0, 'subnet', 1), 1);
  assert.equal(churn.draws(5000, 'ip'), 0);
});
