import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemberTable } from './member-table.js';

test('MemberTable reads like a Map of the same sets, in insertion order, below and above the indexed size', () => {
  const table = new MemberTable(5, 1.7e12);
  const reference = new Map<number, number>([[5, 1.7e12]]);
  let x = 99;
  for (let i = 0; i < 3000; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const account = i < 40 ? x % 12 : x % 700;
    const t = 1.7e12 + i * 60_001;
    table.set(account, t);
    reference.set(account, t);
    assert.equal(table.size, reference.size);
    const probe = (x >>> 8) % 800;
    assert.equal(table.get(probe), reference.get(probe));
    assert.equal(table.has(probe), reference.has(probe));
  }
  assert.deepEqual([...table], [...reference]);
  assert.deepEqual([...table.keys()], [...reference.keys()]);
  assert.deepEqual([...table.values()], [...reference.values()]);
  const seen: [number, number][] = [];
  table.forEach((v, k) => seen.push([k, v]));
  assert.deepEqual(seen, [...reference.entries()]);
});
