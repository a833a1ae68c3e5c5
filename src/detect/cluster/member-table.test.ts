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

test('retired members leave the Map view for the dormant list, in order, and come back only by revive and set', () => {
  const table = new MemberTable(1, 500);
  for (let a = 2; a <= 20; a++) table.set(a, a % 2 === 0 ? 50 : 500);
  assert.equal(table.retire(200, (a) => a === 4), 9);
  assert.deepEqual([...table.keys()], [1, 3, 4, 5, 7, 9, 11, 13, 15, 17, 19]);
  assert.equal(table.size, 11);
  assert.equal(table.dormantCount, 9);
  assert.deepEqual([...table.dormantAccounts()], [2, 6, 8, 10, 12, 14, 16, 18, 20]);
  assert.equal(table.get(6), undefined);
  assert.equal(table.isDormant(6), true);
  assert.equal(table.get(19), 500);
  assert.equal(table.revive(6), true);
  assert.equal(table.revive(6), false);
  table.set(6, 900);
  assert.equal(table.get(6), 900);
  assert.equal(table.dormantCount, 8);
  assert.equal(table.retire(200, (a) => a === 4), 0, 'nothing else idle since the horizon');
  assert.equal(table.retire(1000, () => false), 12);
  assert.equal(table.size, 0);
  assert.equal(table.dormantCount, 20);
  table.set(30, 1100);
  assert.deepEqual([...table], [[30, 1100]]);
});

test('after a retire, the members kept are not read again until the horizon passes the earliest of them or a touch', () => {
  const table = new MemberTable(1, 100);
  for (let a = 2; a <= 6; a++) table.set(a, 100 * a);
  let asked = 0;
  const keepOne = (a: number) => (asked++, a === 1);
  assert.equal(table.retire(250, keepOne), 1, 'account 2 retires; account 1 is kept');
  assert.equal(asked, 2);
  assert.equal(table.retire(300, keepOne), 0, 'no member but the kept one is idle before 300');
  assert.equal(asked, 2, 'and none was asked about');
  assert.equal(table.retire(350, keepOne), 1, 'account 3 (300) retires once the horizon passes it');
  assert.equal(asked, 4);
  table.touched();
  assert.equal(table.retire(350, () => false), 1, 'after a touch what `keep` names is asked again: account 1 retires');
  assert.deepEqual([...table.keys()], [4, 5, 6]);
});
