/**
 * Bounds how far V8 lets the heap grow past what its last full collection left alive, for the length of a scan. By
 * default V8 lets a heap that collects fast grow to about three times its live size before collecting again: on the
 * report-scale population the scan's engine thread held 340-570 MiB alive and up to 2.2 GB committed, most of the
 * scan's peak RSS. Growth is set process-wide (V8 reads the flag at each collection), so the scan restores V8's own
 * dynamic growth when it ends; a `--heap-growing-percent` the user gave Node is left alone.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { onFullCollections, startedWith } from './v8-settings.js';

const FLAG = '--heap-growing-percent';

/** Whether Node was started with its own heap growth setting (on the command line or in NODE_OPTIONS). */
export function userSetsHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return startedWith((arg) => arg.replaceAll('_', '-').startsWith(FLAG), execArgv, nodeOptions);
}

/** The most growth a headroom may ask for (V8's own dynamic growth goes up to about 300%). */
const MAX_HEADROOM_PERCENT = 300;

/** The growth, in whole percent of `liveBytes`, that `boundHeapGrowth` asks of V8 for a heap with that much alive. */
export function growthPercent(liveBytes: number, percent: number, headroomBytes: number, mostHeadroomBytes: number): number {
  const live = Math.max(1, liveBytes);
  const most = Math.min(percent, (100 * mostHeadroomBytes) / live);
  return Math.min(MAX_HEADROOM_PERCENT, Math.max(1, Math.round(Math.max(most, (100 * headroomBytes) / live))));
}

/**
 * Lets each heap grow to at most `percent`% over its live size between full collections (more of them, each as
 * cheap as before: their cost follows live memory), but by at least `headroomBytes` and at most `mostHeadroomBytes`:
 * with either, each full collection of this thread's heap sets the growth from what it left alive. A small heap (a
 * scan of a few thousand accounts, 50-60 MiB alive) then collects a few times less often for a few dozen MiB more,
 * and a very large one (the report-scale population, 500+ MiB alive) collects a little more often for a peak closer
 * to its live size. Returns the function that gives V8 back its own growth.
 */
export function boundHeapGrowth(percent: number, headroomBytes = 0, mostHeadroomBytes = Infinity): () => void {
  if (!(percent > 0) || userSetsHeapGrowth()) return () => {};
  let current = -1;
  const fit = (): void => {
    const next = growthPercent(getHeapStatistics().used_heap_size, percent, headroomBytes, mostHeadroomBytes);
    if (next === current) return;
    setFlagsFromString(`${FLAG}=${next}`);
    current = next;
  };
  fit();
  // 0 is V8's default: growth chosen from the collector's speed.
  if (!(headroomBytes > 0) && mostHeadroomBytes === Infinity) return () => setFlagsFromString(`${FLAG}=0`);
  const stop = onFullCollections(fit);
  return () => {
    stop();
    setFlagsFromString(`${FLAG}=0`);
  };
}

/** Lets each heap grow `bytes` past its live size between full collections, whatever that size (see above). */
export function boundHeapHeadroom(bytes: number): () => void {
  return boundHeapGrowth(MAX_HEADROOM_PERCENT, bytes, bytes);
}
