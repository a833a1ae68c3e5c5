import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeavyHitters } from './heavy-hitters.js';

test('finds the dominant template and its share', () => {
  const h = new HeavyHitters(4);
  for (let i = 0; i < 1000; i++) h.add(i % 10 < 7 ? 'tpl-a' : `tpl-${i}`);
  const top = h.top();
  assert.equal(top.item, 'tpl-a');
  assert.ok(top.share >= 0.7 && top.share < 0.75, `share ${top.share}`);
});

test('diverse items give a low top share', () => {
  const h = new HeavyHitters(8);
  for (let i = 0; i < 500; i++) h.add(`x${i}`);
  assert.ok(h.top().share < 0.05);
});

test('replaces the first of the least counted, and reports the first of the best', () => {
  const h = new HeavyHitters(3);
  for (const x of ['a', 'b', 'b', 'c', 'd']) h.add(x);
  // 'a' (1, the first of the least counted) made way for 'd' (2, of which 1 inherited): 'b' alone has 2 for sure.
  assert.deepEqual(h.top(), { item: 'b', share: 2 / 5 });
  for (const x of ['e', 'e']) h.add(x);
  // 'c' (1) made way for 'e' (3, of which 1 inherited): 'b' and 'e' have 2 for sure, and 'b' came first.
  assert.deepEqual(h.top(), { item: 'b', share: 2 / 7 });
});
