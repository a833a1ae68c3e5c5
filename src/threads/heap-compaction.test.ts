import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  COMPACTION,
  compactNow,
  compactWhenFragmented,
  oldSpace,
  userSetsSizeMode,
  worthCompacting,
  type CompactionBounds,
  type CompactionCounts,
} from './heap-compaction.js';

const MiB = 2 ** 20;
const small: CompactionBounds = { ...COMPACTION, minFreeBytes: 8 * MiB };
const noCounts = (): CompactionCounts => ({ bursts: 0, collections: 0, releasedBytes: 0, milliseconds: 0 });

setFlagsFromString('--expose-gc');
const plainCollection = runInNewContext('gc') as () => void;

/** Old-space pages each left about two-thirds empty: objects that lived a while, two of every three then dropped. */
function fragmentedHeap(): ({ n: number; text: string; pair: number[] } | null)[] {
  const held: ({ n: number; text: string; pair: number[] } | null)[] = [];
  for (let i = 0; i < 600_000; i++) held.push({ n: i, text: `key ${i}`, pair: [i, i + 1] });
  plainCollection();
  plainCollection();
  for (let i = 0; i < held.length; i++) if (i % 3 !== 0) held[i] = null;
  plainCollection();
  return held;
}

test('an old space is compacted only when enough of it, and a large enough share, is free', () => {
  assert.equal(worthCompacting({ size: 800 * MiB, used: 500 * MiB }), true);
  assert.equal(worthCompacting({ size: 800 * MiB, used: 700 * MiB }), false, '100 MiB free is an eighth: normal slack');
  assert.equal(worthCompacting({ size: 120 * MiB, used: 80 * MiB }), false, 'a third free, but 40 MiB');
  assert.equal(worthCompacting({ size: 120 * MiB, used: 80 * MiB }, small), true);
});

test("the user's own choice of V8's memory-saving mode, either way, is left alone", () => {
  assert.equal(userSetsSizeMode([], ''), false);
  assert.equal(userSetsSizeMode(['--optimize-for-size'], ''), true);
  assert.equal(userSetsSizeMode(['--no-optimize_for_size'], ''), true);
  assert.equal(userSetsSizeMode([], '--max-old-space-size=4000 --optimize-for-size'), true);
  assert.equal(userSetsSizeMode(['--optimize-for-sizes'], ''), false);
});

test('a burst gives back the old-space pages that plain full collections leave two-thirds empty', () => {
  const held = fragmentedHeap();
  const fragmented = oldSpace();
  plainCollection();
  const afterPlain = oldSpace();
  assert.ok(fragmented.size - fragmented.used > 16 * MiB, `expected holes, got ${JSON.stringify(fragmented)}`);
  const freeShare = (s: { size: number; used: number }): number => (s.size - s.used) / s.size;
  assert.ok(freeShare(afterPlain) > 0.4, `a plain collection already compacted: ${JSON.stringify({ fragmented, afterPlain })}`);

  const counts = noCounts();
  compactNow(small, counts);
  const after = oldSpace();
  assert.equal(counts.bursts, 1);
  assert.ok(counts.collections >= 1 && counts.collections <= small.maxCollections);
  assert.ok(after.size < 0.8 * afterPlain.size, `pages held: ${afterPlain.size} -> ${after.size}`);
  assert.ok(freeShare(after) < 0.25, `still ${Math.round(100 * freeShare(after))}% free`);
  assert.ok(counts.releasedBytes > 0);
  assert.equal(held.filter((x) => x !== null).length, 200_000);
});

test('watching full collections, a burst starts after one that leaves the old space fragmented, and stops', async () => {
  const counts = noCounts();
  const stop = compactWhenFragmented(small, counts);
  try {
    const held = fragmentedHeap();
    plainCollection();
    for (let i = 0; i < 20 && counts.bursts === 0; i++) await sleep(10);
    assert.ok(counts.bursts >= 1, 'no burst after a full collection of a fragmented heap');
    const bursts = counts.bursts;
    plainCollection();
    await sleep(20);
    assert.equal(counts.bursts, bursts, 'a compact old space started another burst');
    assert.equal(held.length, 600_000);
  } finally {
    stop();
  }
});
