import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkChurn, subnetOf } from './network.js';

test('subnets of v4 and v6 addresses', () => {
  assert.equal(subnetOf('203.0.113.77'), '203.0.113.0/24');
  assert.equal(subnetOf('2001:db8:1:2::5'), '2001:db8:1::/48');
});

test('counts distinct IPs, subnets and agents', () => {
  const n = new NetworkChurn();
  for (let i = 0; i < 100; i++) n.observe(`198.51.${i % 5}.${i % 50}`, i % 2 ? 'a' : 'b', i * 1000);
  const f = n.features();
  assert.equal(f.subnets, 5);
  assert.equal(f.userAgents, 2);
  assert.ok(f.ips >= 35 && f.ips <= 70);
});

test('counts cover the last one to two weeks: a phone updated once a week is one or two clients, a pool in a day many', () => {
  const DAY = 86_400_000;
  const phone = new NetworkChurn();
  for (let day = 0; day < 45; day++) {
    for (let i = 0; i < 20; i++) phone.observe(`172.56.${day}.${i}`, `App/${Math.floor(day / 7)}.0`, day * DAY + i * 60_000);
  }
  const f = phone.features();
  assert.ok(f.userAgents <= 2, `user agents ${f.userAgents}`);
  assert.ok(f.subnets >= 7 && f.subnets <= 14, `subnets ${f.subnets}`);
  const pool = new NetworkChurn();
  for (let i = 0; i < 200; i++) pool.observe(`10.${i % 40}.0.${i}`, `Client/${i % 8}`, 44 * DAY + i * 60_000);
  assert.equal(pool.features().userAgents, 8);
  const early = new NetworkChurn();
  for (let day = 0; day < 6; day++) early.observe(`198.51.${day}.1`, `UA${day}`, day * DAY);
  assert.deepEqual(early.features(), { ips: 6, subnets: 6, userAgents: 6 }, 'within the first week, every value counts');
});
