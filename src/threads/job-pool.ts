/**
 * Jobs done by one worker thread for the event loop, as promises: the thread starts on `start` or the first job, again
 * after it dies, and keeps the process alive only while it starts or answers are awaited. Jobs go in batches (one
 * message per `batchMs`, buffers transferred, not copied) or one message each. Whenever the thread cannot take a job
 * (it died, the pool is closing, or `maxPending` jobs already wait) the job's `fallback` runs here instead, so no job
 * is ever lost. The thread's side is `serveJobs` (job-thread.ts).
 */
import type { Worker } from 'node:worker_threads';

/** What the thread is sent (a batch of jobs) and answers (their results, in any order). */
export interface JobBatch<J> {
  list: { id: number; job: J }[];
}
export interface JobAnswers<R> {
  list: { id: number; result: R }[];
}
/** What the thread sends once it takes jobs. */
export const JOB_THREAD_READY = 'ready';

export interface JobPoolOptions<J, R> {
  /** Starts the thread: a module that calls `serveJobs`. */
  spawn: () => Worker;
  /** The job done on the event loop instead of in the thread (must not throw: a failure is a result too). */
  fallback: (job: J) => R;
  /** Jobs waiting past which new ones get the fallback at once (default: no limit). */
  maxPending?: number;
  /** How long a job may wait for more to share its message (default 0: every job is sent at once). */
  batchMs?: number;
  /** Most jobs per message (default 256). */
  maxBatch?: number;
  /** The buffers of a job to transfer to the thread instead of copying (they are unusable here afterwards; jobs may share one). */
  transferOf?: (job: J) => ArrayBuffer[];
}

interface Pending<J, R> {
  job: J;
  resolve: (result: R) => void;
}

export class JobPool<J, R> {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending<J, R>>();
  private outbox: { id: number; job: J }[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;
  private nextId = 0;
  private readonly maxPending: number;
  private readonly batchMs: number;
  private readonly maxBatch: number;
  /** Jobs done by `fallback` on the event loop so far. */
  fallbacks = 0;

  constructor(private readonly o: JobPoolOptions<J, R>) {
    this.maxPending = o.maxPending ?? Infinity;
    this.batchMs = o.batchMs ?? 0;
    this.maxBatch = o.maxBatch ?? 256;
  }

  /** Starts the thread now; resolves once it takes jobs (or has died trying: its jobs then fall back). */
  start(): Promise<void> {
    this.worker ??= this.spawn();
    return this.ready;
  }

  /** Jobs handed to the thread so far. */
  get jobs(): number {
    return this.nextId;
  }

  /** Jobs handed to the thread and not yet answered. */
  get waiting(): number {
    return this.pending.size;
  }

  run(job: J): Promise<R> {
    if (this.pending.size >= this.maxPending) return Promise.resolve(this.fallBack(job));
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { job, resolve });
      if (this.pending.size === 1) worker.ref();
      this.outbox.push({ id, job });
      // Jobs may share a buffer (listed once: a transfer list must not repeat one).
      if (this.o.transferOf) for (const buffer of this.o.transferOf(job)) if (!this.transfer.includes(buffer)) this.transfer.push(buffer);
      if (this.batchMs <= 0 || this.outbox.length >= this.maxBatch) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.send(), this.batchMs).unref();
      }
    });
  }

  private send(): void {
    this.scheduled = false;
    if (this.outbox.length === 0 || !this.worker) return;
    const batch: JobBatch<J> = { list: this.outbox };
    const transfer = this.transfer;
    this.outbox = [];
    this.transfer = [];
    this.worker.postMessage(batch, transfer);
  }

  private spawn(): Worker {
    const worker = this.o.spawn();
    let started: () => void = () => {};
    this.ready = new Promise((resolve) => (started = resolve));
    worker.on('message', (m: JobAnswers<R> | typeof JOB_THREAD_READY) => {
      if (m === JOB_THREAD_READY) {
        started();
        // Referenced while starting (a caller may wait for it); from now on only while answers are awaited.
        if (this.pending.size === 0) worker.unref();
        return;
      }
      for (const { id, result } of m.list) this.settle(id, () => result);
    });
    const failed = () => {
      started();
      if (this.worker !== worker) return;
      this.worker = null;
      this.fallBackAll();
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    return worker;
  }

  private fallBack(job: J): R {
    this.fallbacks++;
    return this.o.fallback(job);
  }

  private fallBackAll(): void {
    this.outbox = [];
    this.transfer = [];
    for (const [id, p] of this.pending) this.settle(id, () => this.fallBack(p.job));
  }

  private settle(id: number, result: () => R): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    p.resolve(result());
  }

  /** Ends the thread; jobs still waiting get their fallback. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fallBackAll();
    await worker?.terminate();
  }
}
