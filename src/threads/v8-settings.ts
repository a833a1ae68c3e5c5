/**
 * What the modules that tune V8 while a scan runs (heap-growth.ts, heap-compaction.ts) read of it: the flags Node was
 * started with, so that a setting the user chose is left alone, and this thread's full collections.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Whether one of Node's own arguments, or of NODE_OPTIONS, passes `given`. */
export function startedWith(
  given: (arg: string) => boolean,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): boolean {
  return execArgv.some(given) || nodeOptions.split(/\s+/).some(given);
}

/**
 * Calls `fn(startTime)` whenever this thread's collections reported together include a full one, with the start of the
 * latest full one. Returns the function that stops watching.
 */
export function onFullCollections(fn: (startTime: number) => void): () => void {
  const observer = new PerformanceObserver((list) => {
    let latest = -Infinity;
    for (const e of list.getEntries()) {
      const full = (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
      if (full && e.startTime > latest) latest = e.startTime;
    }
    if (latest > -Infinity) fn(latest);
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
