import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddressChurn, churnFactor, CHURN_FREE_DRAWS, CHURN_FULL_SHARE, newAddressLevels } from './address-churn.js';
import { KeyBuckets } from './key-buckets.js';
import { subnetKey } from '../../signals/ip-ranges.js';

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

test('draws are distinct addresses and /24s: alternating over a small pool draws each once', () => {
  const keys = new KeyBuckets();
  const churn = new AddressChurn();
  const use = (account: number, ip: string): void => {
    for (const level of newAddressLevels(keys, account, ip)) churn.noteDraw(account, level);
    keys.touch(keys.idOf(`ip:${ip}`), account, 0, Infinity);
    keys.touch(keys.idOf(`net:${subnetKey(ip) ?? ''}`), account, 0, Infinity);
  };
  for (let k = 0; k < 40; k++) use(0, `203.0.113.${k % 4}`);
  assert.equal(churn.draws(0, 'ip'), 4);
  assert.equal(churn.draws(0, 'subnet'), 1);
  for (let k = 0; k < 40; k++) use(1, `198.51.${k}.7`);
  assert.equal(churn.draws(1, 'subnet'), 40);
  // the churnier account of a pair sets the factor
  assert.equal(churn.factor(0, 1, 'subnet', 1), churnFactor(1, 40));
  assert.equal(churn.factor(0, 0, 'ip', 1), churnFactor(1, 4));
  assert.equal(churn.draws(5000, 'ip'), 0);
});
