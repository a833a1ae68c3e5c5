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

test('the same counters as the textbook Space-Saving with ordered counters, on random streams', () => {
  // Reference: counters in the order taken, the first of the least counted replaced and moved to the end.
  class Reference {
    entries: { item: string; count: number; error: number }[] = [];
    total = 0;
    constructor(private readonly k: number) {}
    add(item: string): void {
      this.total++;
      const hit = this.entries.find((e) => e.item === item);
      if (hit) return void hit.count++;
      if (this.entries.length < this.k) return void this.entries.push({ item, count: 1, error: 0 });
      const min = Math.min(...this.entries.map((e) => e.count));
      this.entries.splice(this.entries.findIndex((e) => e.count === min), 1);
      this.entries.push({ item, count: min + 1, error: min });
    }
    top(): { item: string | null; share: number } {
      let best: string | null = null;
      let max = 0;
      for (const e of this.entries) if (e.count - e.error > max) [best, max] = [e.item, e.count - e.error];
      return { item: best, share: this.total === 0 ? 0 : max / this.total };
    }
  }
  let seed = 7;
  const next = (): number => ((seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) >>> 0) / 2 ** 32;
  for (const k of [1, 2, 5, 12]) {
    const h = new HeavyHitters(k);
    const r = new Reference(k);
    for (let i = 0; i < 3000; i++) {
      const item = `t${Math.floor(next() ** 2 * 40)}`;
      h.add(item);
      r.add(item);
      assert.deepEqual(h.top(), r.top(), `k=${k}, after ${i + 1} items`);
    }
  }
});
