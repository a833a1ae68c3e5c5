import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeGroup } from './group-placement.js';

test('a group joins the community most of its accounts are in when that holds enough of them, else a new one', () => {
  const community = new Map([[1, 7], [2, 7], [3, 9], [10, 9]]);
  let next = 20;
  placeGroup(community, [1, 2, 3, 4], () => next++, 0.5);
  assert.deepEqual([...community].sort((a, b) => a[0] - b[0]), [[1, 7], [2, 7], [3, 7], [4, 7], [10, 9]]);
  placeGroup(community, [10, 11, 12, 13], () => next++, 0.5);
  assert.equal(community.get(10), 20, 'one of four is not half');
  placeGroup(community, [1, 14, 15, 16], () => next++, 0);
  assert.equal(community.get(14), 7, 'any share: the one community it meets');
  placeGroup(community, [30, 31], () => next++, 0);
  assert.equal(community.get(30), 21);
  assert.equal(community.get(31), 21);
});
