/**
 * Names the worker threads of a benchmarked process for CPU accounting: Node 20 leaves every thread's Linux name as
 * `node`, so each worker started after `nameWorkerThreads(file)` appends `TID NAME` to `file` as its first act (NAME:
 * the module it runs, e.g. `detection-thread-worker`), and the benchmark reads each thread's CPU from
 * /proc/PID/task/TID/stat. For benchmarks only: it replaces `Worker` in node:worker_threads for the whole process.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';

/** The module a worker runs: the last `name.ts`/`name.js` its script or boot code names. */
export function workerModuleName(script: string | URL): string {
  const names = [...String(script).matchAll(/([\w.-]+)\.(?:ts|js|mjs)\b/g)].map((m) => m[1]!);
  return names.at(-1) ?? 'worker';
}

/** Makes every worker started from now on record its thread id and module name in `file`. */
export function nameWorkerThreads(file: string): void {
  const Base = workerThreads.Worker;
  class NamedWorker extends Base {
    constructor(script: string | URL, options: workerThreads.WorkerOptions = {}) {
      const name = workerModuleName(script);
      const tag = `require('node:fs').appendFileSync(${JSON.stringify(file)}, require('node:fs').readlinkSync('/proc/thread-self').split('/').pop() + ' ${name}\\n');`;
      // An eval'd worker gets the line in front of its code; a file worker is wrapped in an eval'd import of it.
      const code = options.eval ? `${tag}\n${String(script)}` : `${tag}\nimport(${JSON.stringify(script instanceof URL ? script.href : pathToFileURL(script).href)});`;
      super(code, { ...options, eval: true });
    }
  }
  workerThreads.Worker = NamedWorker;
  syncBuiltinESMExports();
  appendFileSync(file, '');
}

/** The named threads `nameWorkerThreads` recorded: thread id -> module name (a restarted worker adds a line). */
export function readThreadNames(file: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [tid, name] = line.split(' ');
    if (tid && name) names.set(Number(tid), name);
  }
  return names;
}
