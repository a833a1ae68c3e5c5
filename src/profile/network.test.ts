import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkChurn, subnetOf } from './network.js';

test('subnets of v4 and v6 addresses', () => {
  assert.equal(subnetOf('203.0.113.77'), '203.0.113.0/24');
  assert.equal(subnetOf('2001:db8:1:2::5'), '2001:db8:1::/48');
});

test('counts distinct IPs, subnets and agents', () => {
  const n = new NetworkChurn();
  for (let i = 0; i < 100; i++) n.observe(`198.51.${i % 5}.${i % 50}`, i % 2 ? 'a' : 'b');
  const f = n.features();
  assert.equal(f.subnets, 5);
  assert.equal(f.userAgents, 2);
  assert.ok(f.ips >= 35 && f.ips <= 70);
});
