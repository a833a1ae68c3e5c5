/**
 * The thread's side of a JobPool (job-pool.ts): answers each batch of jobs with their results, in one message, and
 * says when it takes jobs. `work` must not throw: a job it cannot do gets a result that says so.
 */
import { parentPort } from 'node:worker_threads';
import { JOB_THREAD_READY, type JobAnswers, type JobBatch } from './job-pool.js';

export function serveJobs<J, R>(work: (job: J) => R): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  port.on('message', (batch: JobBatch<J>) => {
    const answers: JobAnswers<R> = { list: batch.list.map(({ id, job }) => ({ id, result: work(job) })) };
    port.postMessage(answers);
  });
  port.postMessage(JOB_THREAD_READY);
}
