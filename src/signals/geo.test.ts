import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupCountry } from './geo.js';

test('known ranges map to their registered country, IPv4 and IPv6', () => {
  assert.equal(lookupCountry('1.1.1.1'), 'AU');
  assert.equal(lookupCountry('8.8.8.8'), 'US');
  assert.equal(lookupCountry('2001:4860:4860::8888'), 'US');
  assert.equal(lookupCountry('2a03:2880:f003::1'), 'IE');
  assert.equal(lookupCountry('::ffff:1.1.1.1'), 'AU');
});

test('private and malformed addresses are unknown', () => {
  assert.equal(lookupCountry('10.0.0.1'), null);
  assert.equal(lookupCountry('::1'), null);
  assert.equal(lookupCountry('x'), null);
});
