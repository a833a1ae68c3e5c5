import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyIdOf, newKeyMaterial, secretMatches } from './api-key.js';

test('a new key carries its id, and only the right secret matches its salted hash', () => {
  const k = newKeyMaterial();
  assert.equal(keyIdOf(k.secret), k.id);
  assert.ok(secretMatches(k.secret, k.salt, k.hash));
  assert.ok(!secretMatches(k.secret + 'x', k.salt, k.hash));
  assert.ok(!secretMatches(k.secret, newKeyMaterial().salt, k.hash));
  assert.notEqual(newKeyMaterial().secret, k.secret);
});

test('secrets not in our format have no key id', () => {
  assert.equal(keyIdOf('sk-abc'), null);
  assert.equal(keyIdOf('hw_key_zz_abc'), null);
  assert.equal(keyIdOf(''), null);
});
