import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashSet32 } from './hash-set.js';

test('HashSet32 answers like a Set<number> capped at its first cap distinct hashes', () => {
  const cap = 300;
  const set = new HashSet32(cap);
  const reference = new Set<number>();
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % 7 === 0 ? 0 : seed % 3 === 0 ? seed % 500 : seed;
  };
  for (let i = 0; i < 5000; i++) {
    const h = next();
    assert.equal(set.has(h), reference.has(h), `has(${h}) at step ${i}`);
    const added = !reference.has(h) && reference.size < cap;
    if (added) reference.add(h);
    assert.equal(set.add(h), added);
    assert.equal(set.size, reference.size);
  }
  assert.equal(set.size, cap);
  for (const h of reference) assert.ok(set.has(h));
});

test('HashSet32 keeps 0 and 2^32-1 apart from the empty slot', () => {
  const set = new HashSet32(4);
  assert.equal(set.has(0), false);
  set.add(0);
  set.add(0xffffffff);
  assert.ok(set.has(0) && set.has(0xffffffff) && !set.has(1));
  assert.equal(set.size, 2);
});

test('HashSet32 rejects a cap that is not a positive integer', () => {
  assert.throws(() => new HashSet32(0), RangeError);
  assert.throws(() => new HashSet32(1.5), RangeError);
});
