/**
 * Request bodies of `OFF_LOOP_BODY_BYTES` or more are decoded, depth-checked and parsed in a worker thread
 * (body-parse-worker.ts): for a 4 MB prompt that is tens of milliseconds of UTF-8 decoding and `JSON.parse` (hundreds
 * for Chinese text) that the event loop no longer spends; it only receives the parsed value, a copy. The answer is
 * the same as `parseJsonBody` on the event loop, refusals included. The thread starts with `start` or the first
 * job, again after it dies (its jobs are then parsed on the event loop, so nothing is lost), and keeps the process
 * alive only while jobs wait.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/module-worker.js';
import { BodyRejection, parseJsonBody, type BodyLimits } from './body-limits.js';

/** Smaller bodies are parsed on the event loop: under a millisecond, less than the trip to a thread. */
export const OFF_LOOP_BODY_BYTES = 64 * 1024;

export interface BodyParseJob {
  id: number;
  bytes: Uint8Array;
  limits: BodyLimits;
}

export type BodyParseReply =
  | { id: number; json: unknown }
  | { id: number; rejection: { statusCode: BodyRejection['statusCode']; message: string; reason: BodyRejection['reason'] } }
  | { id: number; failure: string };

interface Pending {
  job: BodyParseJob;
  resolve: (json: unknown) => void;
  reject: (err: Error) => void;
}

export class BodyParseThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Jobs parsed on the event loop because the thread failed. */
  parsedOnLoop = 0;

  /** Starts the thread now, so its start-up does not fall on the first large body. */
  start(): void {
    this.worker ??= this.spawn();
  }

  /** Jobs sent to the thread so far. */
  get jobs(): number {
    return this.nextId;
  }

  /** Jobs sent and not yet answered. */
  get waiting(): number {
    return this.pending.size;
  }

  /** The parsed body, or a rejection with the `BodyRejection` that `parseJsonBody` would throw. */
  parse(bytes: Uint8Array, limits: BodyLimits): Promise<unknown> {
    const worker = (this.worker ??= this.spawn());
    const job: BodyParseJob = { id: this.nextId++, bytes, limits };
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { job, resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage(job);
    });
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'body-parse-worker');
    worker.unref();
    worker.on('message', (reply: BodyParseReply) => this.answer(reply));
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const [id, p] of this.pending) {
        this.parsedOnLoop++;
        this.settle(id, () => parseJsonBody(p.job.bytes, p.job.limits));
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  private answer(reply: BodyParseReply): void {
    this.settle(reply.id, () => {
      if ('json' in reply) return reply.json;
      if ('rejection' in reply) throw new BodyRejection(reply.rejection.statusCode, reply.rejection.message, reply.rejection.reason);
      throw new Error(`body parse thread: ${reply.failure}`);
    });
  }

  private settle(id: number, outcome: () => unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    try {
      p.resolve(outcome());
    } catch (err) {
      p.reject(err as Error);
    }
  }

  /** Ends the thread; jobs still waiting are parsed on the event loop. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const [id, p] of this.pending) this.settle(id, () => parseJsonBody(p.job.bytes, p.job.limits));
    await worker?.terminate();
  }
}
