import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzParameters } from '../../test/fuzz/fuzz.js';
import { nestsDeeperThan } from './body-limits.js';

/** Nesting depth of a parsed JSON value (the oracle: it reads the value, not the bytes). */
function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + children.reduce<number>((d, c) => Math.max(d, depthOf(c)), 0);
}

/** Strings heavy in what the byte scanner must get right: quotes, backslashes, brackets, multi-byte characters. */
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', 'é', '中', '😀', '\u0000') });
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
})).node;

test('nestsDeeperThan agrees with the parsed depth on any JSON, strings full of quotes and brackets included', () => {
  fc.assert(
    fc.property(value, fc.integer({ min: 0, max: 8 }), (v, max) => {
      const bytes = Buffer.from(JSON.stringify(v));
      assert.equal(nestsDeeperThan(bytes, max), depthOf(v) > max);
    }),
    fuzzParameters(),
  );
});
