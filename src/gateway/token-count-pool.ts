/**
 * The gateway's record work off the event loop (record-work.ts: token counting, and reading relayed streams into
 * their summaries): work goes to one worker thread (started on first use, restarted if it dies) in batches, one
 * message per few milliseconds with the streams' bytes transferred, not copied, and comes back as promises.
 * When `maxPending` pieces of work are already waiting, or the worker fails, the work is done cheaply here instead
 * (`estimateRecordWork`: token counts estimated from lengths), so a flood of hostile texts degrades the counts,
 * never the gateway.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/module-worker.js';
import type { GatewayEndpoint } from './hooks.js';
import {
  estimateRecordWork,
  RECORD_THREAD_READY,
  type RecordWork,
  type RecordWorkAnswers,
  type RecordWorkBatch,
  type RecordWorkResult,
} from './record-work.js';
import type { TokenCountJob, TokenCounts } from './token-count.js';

interface Pending {
  work: RecordWork;
  resolve: (result: RecordWorkResult) => void;
}

/** Pieces of work per message at most. */
const BATCH = 256;
/**
 * Longest a piece of work waits for its batch: each message wakes the thread (a system call and a context switch),
 * and an exchange waits for its work before it is recorded, so this stays far below the recorder's flush window.
 */
const BATCH_MS = 5;

export class TokenCountWorker {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private outbox: { id: number; work: RecordWork }[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;
  private nextId = 0;
  /** Pieces of work done cheaply (estimated counts) because the worker was saturated or failed. */
  estimated = 0;

  constructor(private readonly maxPending = 1000) {}

  /**
   * Starts the worker now and resolves once it takes work (seconds on a busy machine: it loads the tokenizer), so a
   * gateway that awaits it before listening records its first exchanges without waiting for the thread.
   */
  start(): Promise<void> {
    this.worker ??= this.spawn();
    return this.ready;
  }

  /** Counts a job's tokens. */
  async count(job: TokenCountJob): Promise<TokenCounts> {
    return (await this.submit({ kind: 'count', job })).counts!;
  }

  /**
   * Reads a stream relayed byte for byte (`sse` must own its ArrayBuffer whole: it is transferred) into its summary,
   * and counts what its upstream did not report.
   */
  readStream(endpoint: GatewayEndpoint, sse: Uint8Array, request: Record<string, unknown>): Promise<RecordWorkResult> {
    return this.submit({ kind: 'stream', endpoint, sse, request });
  }

  private submit(work: RecordWork): Promise<RecordWorkResult> {
    if (this.pending.size >= this.maxPending) {
      this.estimated++;
      return Promise.resolve(estimateRecordWork(work));
    }
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { work, resolve });
      // Keep the process alive only while answers are awaited (a stopping gateway waits for them).
      if (this.pending.size === 1) worker.ref();
      this.outbox.push({ id, work });
      if (work.kind === 'stream' && work.sse.byteOffset === 0 && work.sse.byteLength === work.sse.buffer.byteLength) {
        this.transfer.push(work.sse.buffer as ArrayBuffer);
      }
      if (this.outbox.length >= BATCH) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.send(), BATCH_MS).unref();
      }
    });
  }

  private send(): void {
    this.scheduled = false;
    if (this.outbox.length === 0 || !this.worker) return;
    const batch: RecordWorkBatch = { list: this.outbox };
    const transfer = this.transfer;
    this.outbox = [];
    this.transfer = [];
    this.worker.postMessage(batch, transfer);
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'token-count-worker');
    let started: () => void = () => {};
    this.ready = new Promise((resolve) => (started = resolve));
    worker.on('message', (m: RecordWorkAnswers | typeof RECORD_THREAD_READY) => {
      if (m === RECORD_THREAD_READY) {
        started();
        // Referenced while starting (a gateway waits for it); from now on only while answers are awaited.
        if (this.pending.size === 0) worker.unref();
        return;
      }
      for (const { id, result } of m.list) this.settle(id, result);
    });
    const fail = () => {
      started();
      if (this.worker !== worker) return;
      this.worker = null;
      this.outbox = [];
      this.transfer = [];
      for (const [id, p] of this.pending) {
        this.estimated++;
        this.settle(id, estimateRecordWork(p.work));
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  private settle(id: number, result: RecordWorkResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    p.resolve(result);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.outbox = [];
    this.transfer = [];
    for (const [id, p] of this.pending) this.settle(id, estimateRecordWork(p.work));
    await worker?.terminate();
  }
}
