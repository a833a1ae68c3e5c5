/**
 * Exchange writes off the event loop: batches go to one worker thread (exchange-writer-worker.ts) that owns its own
 * connection to the SQLite file, and come back as promises that settle once the batch is committed (or refused, with
 * the error). The thread starts with `start` or the first batch, and again after it dies; it keeps the process alive
 * only while starting or while batches are waiting, and `close` lets it finish them.
 *
 * Each exchange goes to the thread as its row: the indexed columns and its log line, serialised here once for every
 * thread it is handed to (the detection thread gets the same line; exchange-json.ts), so the hand-over copies
 * strings instead of cloning objects and the thread only inserts. A large exchange goes whole (a clone), and the
 * thread serialises it. A batch that cannot be serialised (nesting too deep) is refused here, like any batch the
 * thread refuses.
 */
import type { Worker } from 'node:worker_threads';
import type { Exchange } from '../exchange/exchange.js';
import { startModuleWorker } from '../threads/module-worker.js';
import { writerItem, type WriterItem } from './exchange-insert.js';

export type WriterRequest = { kind: 'insert'; id: number; items: readonly WriterItem[] } | { kind: 'close' };
/** The answer to a batch; the thread also sends `{ id: WRITER_READY }` once its connection is open. */
export interface WriterReply {
  id: number;
  /** Why the batch was refused (nothing of it was written). */
  error?: string;
}

export const WRITER_READY = -1;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class ExchangeWriterThread {
  private worker: Worker | null = null;
  private started: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  /** `dataDir` holds the database file; its tables must already exist (the store migrates before writing). */
  constructor(private readonly dataDir: string) {}

  /** The worker's thread id while it runs (for tests and diagnostics), else null. */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Batches sent and not yet committed or refused. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Starts the thread now and resolves once its connection is open, so the first batch does not wait for it. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the exchange writer is closed'));
    if (!this.worker) this.worker = this.spawn();
    return this.started!;
  }

  insert(exchanges: readonly Exchange[]): Promise<void> {
    try {
      return this.insertItems(exchanges.map(writerItem));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Inserts exchanges already in the form the thread is handed (`writerItem`). */
  insertItems(items: readonly WriterItem[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the exchange writer is closed'));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    try {
      const request: WriterRequest = { kind: 'insert', id, items };
      worker.postMessage(request);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
    });
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'exchange-writer-worker', { workerData: { dataDir: this.dataDir } });
    let opened: () => void = () => {};
    let failed: (err: Error) => void = () => {};
    this.started = new Promise<void>((resolve, reject) => ((opened = resolve), (failed = reject)));
    this.started.catch(() => {}); // a thread started by `insert` reports its failure through the batches
    worker.on('message', (reply: WriterReply) => {
      if (reply.id !== WRITER_READY) this.settle(reply.id, reply.error === undefined ? null : new Error(reply.error));
      else {
        opened();
        // Referenced while starting (a gateway waits for it before listening); from now on only while batches wait.
        if (this.pending.size === 0 && !this.closed) worker.unref();
      }
    });
    const fail = (err: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const why = new Error(`the exchange writer thread failed: ${err instanceof Error ? err.message : `exited with code ${String(err)}`}`);
      failed(why);
      for (const id of [...this.pending.keys()]) this.settle(id, why);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  private settle(id: number, error: Error | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (this.pending.size === 0 && !this.closed) this.worker?.unref();
    if (error) p.reject(error);
    else p.resolve();
  }

  /** Waits for the batches already sent, then closes the thread's connection and lets the thread end. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const request: WriterRequest = { kind: 'close' };
    worker.ref();
    worker.postMessage(request);
    await exited;
  }
}
