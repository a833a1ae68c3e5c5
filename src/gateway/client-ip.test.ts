import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientIp } from './client-ip.js';

test('mapped IPv4 is unwrapped, others kept', () => {
  assert.equal(clientIp('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(clientIp('::1'), '::1');
  assert.equal(clientIp('10.1.2.3'), '10.1.2.3');
  assert.equal(clientIp(undefined), '0.0.0.0');
});
