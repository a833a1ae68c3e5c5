import { test } from 'node:test';
import assert from 'node:assert/strict';
import { communitySizes, placeGroup } from './group-placement.js';

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

test('with sizes, a group that would be a small part of the community most of its accounts are in becomes its own', () => {
  // community 7: a family of 10 accounts among 90 others (chance address meetings put them together)
  const community = new Map<number, number>();
  for (let a = 0; a < 100; a++) community.set(a, 7);
  const family = Array.from({ length: 10 }, (_, i) => i);
  let next = 20;
  const bySize = { sizes: communitySizes(community), minShareOfCommunity: 0.25 };
  placeGroup(community, family, () => next++, 0.5, bySize);
  assert.equal(community.get(0), 20);
  assert.equal(community.get(9), 20);
  assert.equal(community.get(50), 7, 'the rest of the community stays');
  assert.equal(bySize.sizes.get(7), 90);
  assert.equal(bySize.sizes.get(20), 10);
  // a family that is most of its community (an operator's accounts found for part of them) joins it
  for (let a = 200; a < 230; a++) community.set(a, 8);
  bySize.sizes.set(8, 30);
  placeGroup(community, Array.from({ length: 12 }, (_, i) => 200 + i), () => next++, 0.5, bySize);
  assert.equal(community.get(200), 8);
  assert.equal(bySize.sizes.get(8), 30);
  // without sizes, the first family would have joined community 7
  const plain = new Map<number, number>();
  for (let a = 0; a < 100; a++) plain.set(a, 7);
  placeGroup(plain, family, () => next++, 0.5);
  assert.equal(plain.get(0), 7);
});
