import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsnDatabase, lookupAsn } from './asn.js';

test('known IPv4 ranges map to their AS (Google, Cloudflare, Quad9) and neighbours do not bleed', () => {
  assert.deepEqual(lookupAsn('8.8.8.8'), { asn: 15169, org: 'Google LLC' });
  assert.deepEqual(lookupAsn('1.1.1.1'), { asn: 13335, org: 'Cloudflare, Inc.' });
  assert.equal(lookupAsn('9.9.9.9')?.asn, 19281);
  assert.equal(lookupAsn('8.8.9.1')?.asn, 23089);
  assert.equal(lookupAsn('8.8.7.255')?.asn, 3356);
});

test('known IPv6 ranges map to their AS and mapped IPv4 is looked up as IPv4', () => {
  assert.equal(lookupAsn('2001:4860:4860::8888')?.asn, 15169);
  assert.equal(lookupAsn('2001:4860:4805::1')?.asn, 43515);
  assert.equal(lookupAsn('2a03:2880:f003:c07:face:b00c::2')?.asn, 32934);
  assert.equal(lookupAsn('::ffff:8.8.8.8')?.asn, 15169);
});

test('private, reserved and malformed addresses are unknown', () => {
  assert.equal(lookupAsn('10.1.2.3'), null);
  assert.equal(lookupAsn('192.168.0.1'), null);
  assert.equal(lookupAsn('fe80::1'), null);
  assert.equal(lookupAsn('not an ip'), null);
});

test('the shared database is loaded once and holds both families', () => {
  const db = AsnDatabase.shared();
  assert.equal(AsnDatabase.shared(), db);
  assert.ok(db.ranges.v4 > 100_000 && db.ranges.v6 > 10_000);
});
