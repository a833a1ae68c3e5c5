import { test } from 'node:test';
import assert from 'node:assert/strict';
import { membersByCommunity } from './community-members.js';

test('each community lists its accounts in the partition order, communities in order of first appearance', () => {
  const members = membersByCommunity(new Map([[4, 1], [2, 0], [7, 1], [3, 0], [9, 5]]));
  assert.deepEqual([...members], [[1, [4, 7]], [0, [2, 3]], [5, [9]]]);
  assert.equal(membersByCommunity(new Map()).size, 0);
});
