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
