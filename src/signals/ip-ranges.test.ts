import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIp, parseIpv4, parseIpv6Groups, subnetKey } from './ip-ranges.js';

test('IPv4 parses to an unsigned number and rejects malformed text', () => {
  assert.equal(parseIpv4('1.2.3.4'), 0x01020304);
  assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
  assert.equal(parseIpv4('1.2.3'), null);
  assert.equal(parseIpv4('1.2.3.256'), null);
  assert.equal(parseIpv4('a.b.c.d'), null);
});

test('IPv6 expands ::, keeps embedded IPv4 and rejects malformed text', () => {
  assert.deepEqual(parseIpv6Groups('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIpv6Groups('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(parseIpv6Groups('::ffff:1.2.3.4'), [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  assert.equal(parseIpv6Groups('1::2::3'), null);
  assert.equal(parseIpv6Groups('1:2:3'), null);
  assert.equal(parseIpv6Groups('12345::'), null);
  const p = parseIp('::ffff:8.8.8.8');
  assert.deepEqual(p, { v: 4, n: 0x08080808 });
  const q = parseIp('2001:4860::8888');
  assert.ok(q !== null && q.v === 6 && q.hi === 0x2001486000000000n && q.lo === 0x8888n);
});

test('neighbourhood keys are /24 for IPv4 and /48 for IPv6', () => {
  assert.equal(subnetKey('203.0.113.77'), '203.0.113.0/24');
  assert.equal(subnetKey('203.0.113.1'), subnetKey('203.0.113.254'));
  assert.notEqual(subnetKey('203.0.113.1'), subnetKey('203.0.114.1'));
  assert.equal(subnetKey('2001:db8:abcd:1::1'), subnetKey('2001:db8:abcd:ffff::2'));
  assert.notEqual(subnetKey('2001:db8:abcd::1'), subnetKey('2001:db8:abce::1'));
  assert.equal(subnetKey('::ffff:203.0.113.9'), '203.0.113.0/24');
  assert.equal(subnetKey('nonsense'), null);
});
