import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coreOf } from './control-core.js';
import { UnionFind } from './union-find.js';

test('a small group tied only to itself is outside the core; comparable pieces are all in it', () => {
  const c = new UnionFind();
  // Three pieces of 10 (one operator, tied inside each piece) and a pair tied only to each other.
  for (const base of [0, 10, 20]) for (let i = 1; i < 10; i++) c.union(base, base + i);
  c.union(100, 101);
  const harvesters = new Set([...[0, 10, 20].flatMap((b) => Array.from({ length: 10 }, (_, i) => b + i)), 100, 101]);
  const core = coreOf(harvesters, c);
  assert.equal(core.size, 30);
  assert.ok(!core.has(100) && !core.has(101));
});
