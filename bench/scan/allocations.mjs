/**
 * What a command's main thread allocates, by function, including the objects already collected: a preload that runs
 * V8's sampling heap profiler for the whole process and prints the largest allocating functions (by themselves and with
 * what they call) when it exits. For a scan, the main thread is the engine's (the signal worker is not sampled): the
 * figures of docs/clusters.md ("What grows faster than the population").
 *
 *   node --import ./bench/scan/allocations.mjs dist/cli/main.js scan LOG --accounts F --releases F --out R
 *
 * `HYDRAWATCH_ALLOCATIONS_TOP` sets how many functions each list shows (40). Plain JavaScript: worker threads inherit
 * the preload, and they load it without tsx's loader (it does nothing there).
 */
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';

const TOP = Number(process.env.HYDRAWATCH_ALLOCATIONS_TOP ?? 40);

/** @param {import('node:inspector').HeapProfiler.SamplingHeapProfileNode} n */
const nameOf = (n) => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
};

/** @param {import('node:inspector').HeapProfiler.SamplingHeapProfileNode} head */
function summary(head) {
  /** @type {Map<string, number>} */
  const self = new Map();
  /** @type {Map<string, number>} */
  const inclusive = new Map();
  let total = 0;
  /**
   * @param {import('node:inspector').HeapProfiler.SamplingHeapProfileNode} node
   * @param {ReadonlySet<string>} above
   */
  const walk = (node, above) => {
    const name = nameOf(node);
    total += node.selfSize;
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    const here = new Set(above).add(name);
    for (const f of here) inclusive.set(f, (inclusive.get(f) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, here);
  };
  walk(head, new Set());
  /** @param {Map<string, number>} m */
  const lines = (m) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([f, bytes]) => `${(bytes / 1e6).toFixed(0).padStart(8)} MB  ${f}`);
  return [
    `allocated on the main thread (sampled): ${(total / 1e9).toFixed(2)} GB`,
    'by the function itself:',
    ...lines(self),
    'with what it calls:',
    ...lines(inclusive),
  ].join('\n');
}

if (isMainThread) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  // A sample about every 64 KiB allocated; collected objects stay counted (that is the collector's work to come).
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 65_536,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.on('exit', () => {
    // The main thread's own inspector session answers synchronously: the summary is printed before the process ends.
    session.post('HeapProfiler.stopSampling', (err, result) => {
      process.stderr.write(err ? `allocations: ${err.message}\n` : `${summary(result.profile.head)}\n`);
    });
  });
}
