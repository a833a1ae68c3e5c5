import { test } from 'node:test';
import assert from 'node:assert/strict';
import { familiesByOverlap } from './families.js';

const key = (name: string, accounts: number[]) => ({ name, members: new Map(accounts.map((a) => [a, 0])) });
const names = (families: { name: string }[][]) => families.map((f) => f.map((k) => k.name));

test('keys join when enough of the less used one’s accounts use the other, through chains, in list order', () => {
  const list = [
    key('a', [1, 2, 3, 4, 5, 6]),
    key('lone', [20, 21, 22]),
    key('b', [1, 2, 3, 9]), // 3 of its 4 accounts use a
    key('c', [9, 30, 31]), // 1 of 3 uses b: not enough
    key('d', [30, 31, 40, 41]), // 2 of c's 3 accounts use d
    key('e', [1]), // its one account uses a and b
  ];
  assert.deepEqual(names(familiesByOverlap(list, 0.5)), [['a', 'b', 'e'], ['lone'], ['c', 'd']]);
  assert.deepEqual(names(familiesByOverlap(list, 0.7)), [['a', 'b', 'e'], ['lone'], ['c'], ['d']]);
});
