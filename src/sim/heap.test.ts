import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventHeap } from './heap.js';
import { Rng } from './rng.js';

test('pops in time order, ties by actor index, growing past its capacity', () => {
  const h = new EventHeap(2);
  const r = new Rng(5);
  const items: [number, number][] = [];
  for (let i = 0; i < 500; i++) {
    const t = r.int(0, 100);
    items.push([t, i]);
    h.push(t, i);
  }
  items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [t, i] of items) {
    assert.equal(h.peekTime(), t);
    assert.equal(h.pop(), i);
  }
  assert.equal(h.size, 0);
});
