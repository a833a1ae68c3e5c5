/**
 * Compacts a thread's heap in short bursts when its old space has grown holes, so that a long scan can run with V8's
 * fast defaults in bounded memory. A scan's long-lived state is made of objects that live a while and die among those
 * that stay (key members, pair evidence, a refresh's results), which leaves old-space pages a third empty; by default a
 * full collection only evacuates pages 70% free. V8's memory-saving mode (`--optimize-for-size`) evacuates pages a
 * fifth free, but for as long as it is on it also pins the young generation to semi-spaces of 1 MiB, and the scavenges
 * that follow (four to seven times as many) were most of the 22-70% more CPU the scan paid for it (docs/clusters.md,
 * "Compaction in bursts"). So the mode stays off; after each full collection the thread reads how much of its old
 * space is free between live objects, and past COMPACTION's bounds it turns the mode on for a few forced collections,
 * until they stop giving pages back, and off again.
 *
 * The mode is a process-wide V8 flag (read at each collection, as threads/heap-growth.ts's growth is): a burst on one
 * thread also makes the other threads' collections during it (seconds at most) compacting ones, and two bursts
 * at once may cut each other short. Both only move when memory is given back. When the user chose the mode, on or off
 * (Node's command line or NODE_OPTIONS), nothing is done.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { onFullCollections, startedWith } from './v8-settings.js';

export interface CompactionBounds {
  /** Free bytes between live objects in old space, after a full collection, from which a burst starts... */
  minFreeBytes: number;
  /** ...when they are also this share of old space. */
  minFreeShare: number;
  /** A burst stops when old space is this share free or less, */
  doneFreeShare: number;
  /** when a forced collection gives back fewer bytes than this, */
  minGainBytes: number;
  /** or after this many forced collections. */
  maxCollections: number;
}

/**
 * 48 MiB and a fifth free: on the 45-day scenario at a tenth of its size the engine thread's old space (about 120 MiB
 * of pages, a third of them free) is left alone, at full size (700-900 MiB of pages) it is compacted.
 */
export const COMPACTION: CompactionBounds = {
  minFreeBytes: 48 * 2 ** 20,
  minFreeShare: 0.2,
  doneFreeShare: 0.1,
  minGainBytes: 2 * 2 ** 20,
  maxCollections: 24,
};

export interface CompactionCounts {
  bursts: number;
  collections: number;
  /** old-space bytes the bursts gave back */
  releasedBytes: number;
  milliseconds: number;
}

export interface OldSpace {
  /** bytes of pages held */
  size: number;
  /** bytes of objects on them (right after a full collection: live ones) */
  used: number;
}

export function oldSpace(): OldSpace {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'old_space');
  return { size: s?.space_size ?? 0, used: s?.space_used_size ?? 0 };
}

/** Whether an old space this full, read after a full collection, is worth a burst. */
export function worthCompacting({ size, used }: OldSpace, bounds: CompactionBounds = COMPACTION): boolean {
  const free = size - used;
  return free >= bounds.minFreeBytes && free >= bounds.minFreeShare * size;
}

/** Whether Node was started with the memory-saving mode set either way (then it is the user's, not ours). */
export function userSetsSizeMode(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return startedWith((arg) => /^--(no-)?optimize[-_]for[-_]size(=|$)/.test(arg), execArgv, nodeOptions);
}

let forcedCollection: (() => void) | null = null;

/** V8's full collection on demand: `gc` when Node exposes it, else exposed for this thread once. */
function collect(): void {
  if (forcedCollection === null) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') forcedCollection = exposed;
    else {
      setFlagsFromString('--expose-gc');
      forcedCollection = runInNewContext('gc') as () => void;
    }
  }
  forcedCollection();
}

/** One burst: the memory-saving mode on, forced full collections until they stop giving pages back, the mode off. */
export function compactNow(bounds: CompactionBounds = COMPACTION, counts?: CompactionCounts): void {
  const started = performance.now();
  const before = oldSpace().size;
  let last = before;
  let collections = 0;
  setFlagsFromString('--optimize-for-size');
  try {
    while (collections < bounds.maxCollections) {
      collect();
      collections++;
      const now = oldSpace();
      if (last - now.size < bounds.minGainBytes && collections > 1) break;
      if (now.size - now.used <= bounds.doneFreeShare * now.size) break;
      last = now.size;
    }
  } finally {
    setFlagsFromString('--no-optimize-for-size');
  }
  if (counts === undefined) return;
  counts.bursts++;
  counts.collections += collections;
  counts.releasedBytes += Math.max(0, before - oldSpace().size);
  counts.milliseconds += performance.now() - started;
}

/**
 * Watches this thread's full collections and compacts in bursts when one leaves old space worth it (see above).
 * Returns the function that stops watching.
 */
export function compactWhenFragmented(bounds: CompactionBounds = COMPACTION, counts?: CompactionCounts): () => void {
  if (userSetsSizeMode()) return () => {};
  // The burst's own collections are reported after it: not read as new ones.
  let burstEnded = 0;
  const stop = onFullCollections((startTime) => {
    if (startTime <= burstEnded || !worthCompacting(oldSpace(), bounds)) return;
    try {
      compactNow(bounds, counts);
    } catch {
      // A Node whose V8 flags can no longer be set once started: the scan goes on without bursts.
      stop();
    }
    burstEnded = performance.now();
  });
  return stop;
}
