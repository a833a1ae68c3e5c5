/**
 * Token counting off the event loop: jobs go to one worker thread (started on first use, restarted if it dies) and
 * come back as promises. When `maxPending` jobs are already waiting, or the worker fails, a job gets an estimate
 * from its lengths instead, so a flood of hostile texts degrades the counts, never the gateway.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/module-worker.js';
import { estimateJob, type TokenCountJob, type TokenCounts } from './token-count.js';

interface Pending {
  job: TokenCountJob;
  resolve: (counts: TokenCounts) => void;
}

export class TokenCountWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Jobs answered with an estimate because the worker was saturated or failed. */
  estimated = 0;

  constructor(private readonly maxPending = 1000) {}

  /** Starts the worker now, so its start-up (loading the tokenizer) does not fall on the first long exchange. */
  start(): void {
    this.worker ??= this.spawn();
  }

  count(job: TokenCountJob): Promise<TokenCounts> {
    if (this.pending.size >= this.maxPending) {
      this.estimated++;
      return Promise.resolve(estimateJob(job));
    }
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { job, resolve });
      // Keep the process alive only while answers are awaited (a stopping gateway waits for them).
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, job });
    });
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'token-count-worker');
    worker.unref();
    worker.on('message', (m: { id: number; counts: TokenCounts }) => this.settle(m.id, m.counts));
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const [id, p] of this.pending) {
        this.estimated++;
        this.settle(id, estimateJob(p.job));
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  private settle(id: number, counts: TokenCounts): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    p.resolve(counts);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const [id, p] of this.pending) this.settle(id, estimateJob(p.job));
    await worker?.terminate();
  }
}
