import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combine, hashRange, hashString } from './hash.js';

test('hashRange equals the hash of the substring and depends on the key', () => {
  const s = 'hello world';
  assert.equal(hashRange(s, 6, 11, 7), hashString('world', 7));
  assert.notEqual(hashString('world', 7), hashString('world', 8));
  assert.notEqual(hashString('world'), hashString('worle'));
});

test('hashes are unsigned 32-bit and spread over the range', () => {
  let high = 0;
  for (let i = 0; i < 1000; i++) {
    const h = hashString(`token${i}`, 1);
    assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 32);
    if (h >= 2 ** 31) high++;
  }
  assert.ok(high > 400 && high < 600, `high half ${high}`);
});

test('combine is order dependent', () => {
  assert.notEqual(combine(1, 2), combine(2, 1));
});
