/**
 * A JobPool thread for job-pool.test.ts: squares `n` (and says how many bytes it was handed), or exits the thread at
 * once when asked to, or first waits `holdMs` (busy), so a test can catch jobs in flight.
 */
import { serveJobs } from '../job-thread.js';
import type { SquareJob, SquareResult } from './square-job.js';

serveJobs<SquareJob, SquareResult>((job) => {
  if (job.exit) process.exit(3);
  const until = Date.now() + (job.holdMs ?? 0);
  while (Date.now() < until);
  return { square: job.n * job.n, bytes: job.bytes?.byteLength ?? 0, by: 'thread' };
});
