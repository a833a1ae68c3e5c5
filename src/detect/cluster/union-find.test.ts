import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnionFind } from './union-find.js';

test('union-find joins transitively', () => {
  const c = new UnionFind();
  assert.equal(c.joined, false);
  assert.equal(c.union(5, 3), true);
  assert.equal(c.union(3, 5), false, 'already one set');
  c.union(3, 9);
  assert.equal(c.find(9), c.find(5));
  assert.equal(c.find(9), 3, 'the smallest id is the root');
  assert.notEqual(c.find(1), c.find(5));
});

test('unionAll joins every id given into one set, and nothing else', () => {
  const c = new UnionFind();
  c.unionAll([]);
  assert.equal(c.joined, false);
  c.unionAll(new Set([7, 4, 9]));
  assert.equal(c.find(9), 4);
  assert.equal(c.find(7), 4);
  assert.notEqual(c.find(5), 4);
});

test('sets groups ids by their set, in the order the ids first name them', () => {
  const uf = new UnionFind();
  uf.union(5, 2);
  uf.unionAll([7, 9]);
  assert.deepEqual(uf.sets([9, 5, 1, 2, 7]), [[9, 7], [5, 2], [1]]);
});
