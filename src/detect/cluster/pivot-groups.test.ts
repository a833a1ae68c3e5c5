import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alreadyAlerted, alreadyNamed, pivotGroups } from './pivot-groups.js';

test('harvesters are joined by any group they share: a content campaign and a control component are one group', () => {
  // 1-4 one content campaign, 4-6 one control component (4 in both), 7-9 another component, 10 alone.
  const keys = new Map<number, string[]>([
    [1, ['content:s1', 'core:1']],
    [2, ['content:s1', 'core:2']],
    [3, ['content:s1', 'core:3']],
    [4, ['content:s1', 'core:4']],
    [5, ['core:4']],
    [6, ['core:4']],
    [7, ['core:7']],
    [8, ['core:7']],
    [9, ['core:7']],
    [10, ['core:10']],
  ]);
  const groups = pivotGroups([...keys.keys()], (a) => keys.get(a) ?? []);
  assert.deepEqual(groups, [
    [1, 2, 3, 4, 5, 6],
    [7, 8, 9],
  ]);
});

test('groups too small to be a fleet, or holding every harvester, are left to the cluster test', () => {
  assert.deepEqual(pivotGroups([1, 2], () => ['core:1']), []);
  assert.deepEqual(pivotGroups([1, 2, 3, 4], () => ['core:1']), []);
  assert.deepEqual(pivotGroups([1, 2, 3, 4], (a) => [`core:${a}`]), []);
});

test("an alert naming a large campaign with a few of a group's accounts is not that group's alert", () => {
  const large = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 21]);
  assert.equal(alreadyAlerted([large], [20, 21, 22, 23]), false);
  // The same group alerted before under another cluster id (one account more or less) is.
  assert.equal(alreadyAlerted([large, new Set([20, 21, 22])], [20, 21, 22, 23]), true);
  assert.equal(alreadyAlerted([], [20, 21, 22]), false);
  // Half is not most: an alert naming this group and as many accounts of another is not this group's.
  assert.equal(alreadyAlerted([new Set([20, 21, 30, 31])], [20, 21, 22]), false);
  assert.equal(alreadyAlerted([new Set([20, 21])], [20, 21, 22, 23]), false);
});

test('the movers of a cluster mostly named in an earlier alert were already named', () => {
  const earlier = [new Set([1, 2, 3, 4, 5, 6, 7, 8])];
  assert.equal(alreadyNamed(earlier, [1, 2, 9]), true);
  assert.equal(alreadyNamed(earlier, [1, 9, 10]), false);
});
