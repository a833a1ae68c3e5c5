import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alreadyAlerted, alreadyNamed, pivotGroups } from './pivot-groups.js';

test("groups sharing most of the smaller one are one group: a campaign's payment fleets inside its content campaign", () => {
  // 1-6 one content campaign; 1-2 and 3-5 two control components inside it (2 of 2 and 3 of 3 shared).
  const keys = new Map<number, string[]>([
    [1, ['content:s1', 'core:1']],
    [2, ['content:s1', 'core:1']],
    [3, ['content:s1', 'core:3']],
    [4, ['content:s1', 'core:3']],
    [5, ['content:s1', 'core:3']],
    [6, ['content:s1', 'core:6']],
    [7, ['core:7']],
  ]);
  assert.deepEqual(pivotGroups([...keys.keys()], (a) => keys.get(a) ?? []), [[1, 2, 3, 4, 5, 6]]);
});

test('a few accounts in two groups do not make them one: a chance tie between two operators keeps them apart', () => {
  // 1-4 one content campaign; 4-7 a control component (another operator's) with one of the campaign's accounts in it
  // (a shared proxy address); 8-10 another component; 11 alone. The account in both is in both.
  const keys = new Map<number, string[]>([
    [1, ['content:s1', 'core:1']],
    [2, ['content:s1', 'core:2']],
    [3, ['content:s1', 'core:3']],
    [4, ['content:s1', 'core:4']],
    [5, ['core:4']],
    [6, ['core:4']],
    [7, ['core:4']],
    [8, ['core:8']],
    [9, ['core:8']],
    [10, ['core:8']],
    [11, ['core:11']],
  ]);
  assert.deepEqual(pivotGroups([...keys.keys()], (a) => keys.get(a) ?? []), [
    [1, 2, 3, 4],
    [4, 5, 6, 7],
    [8, 9, 10],
  ]);
  // Half of the smaller group is not most: two of four shared still keeps them apart, three of four joins them.
  const half = (a: number) => (a <= 4 ? ['ls:t1', a <= 2 ? 'content:x' : `core:${a}`] : ['content:x']);
  assert.equal(pivotGroups([1, 2, 3, 4, 5, 6, 7], half).length, 2);
  const most = (a: number) => (a <= 4 ? ['ls:t1', a <= 3 ? 'content:x' : `core:${a}`] : ['content:x']);
  assert.deepEqual(pivotGroups([1, 2, 3, 4, 5, 6, 7, 8], (a) => (a === 8 ? ['core:8'] : most(a))), [[1, 2, 3, 4, 5, 6, 7]]);
});

test("a larger control component does not absorb a content campaign's group: chance ties chain operators", () => {
  // 1-12 one control component (hard ties chained a reseller's accounts 1-8 to the accounts 9-12 of another operator);
  // 9-12 that operator's content campaign, all of it inside the component.
  const keys = (a: number) => (a >= 9 ? ['core:1', 'content:s9'] : ['core:1']);
  const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  assert.deepEqual(pivotGroups([...all, 20], (a) => (a === 20 ? ['core:20'] : keys(a))), [all, [9, 10, 11, 12]]);
  // A smaller component inside a content campaign (a campaign's payment fleet) still joins it.
  const fleet = (a: number) => (a <= 3 ? ['content:s1', 'core:1'] : a <= 6 ? ['content:s1', `core:${a}`] : ['core:7']);
  assert.deepEqual(pivotGroups([1, 2, 3, 4, 5, 6, 7], fleet), [[1, 2, 3, 4, 5, 6]]);
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
