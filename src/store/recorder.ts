/**
 * The exchange recorder: the gateway hands it each finished exchange and returns to the client at once; the
 * recorder writes them to the store in batches, every `flushMs` or as soon as `maxBatch` are waiting. A graceful
 * stop flushes everything; a hard kill loses at most what arrived within the last flush window.
 *
 * No exchange can blind it: when a batch fails, its exchanges are written one by one, an exchange the store refuses
 * is written in its reduced form (`reducedExchange`: no texts), and one that cannot be stored even so is dropped and
 * reported, while the rest of the batch goes through. Only when nothing at all can be written (the store is down) is
 * the batch kept and retried, at most `maxAttempts` times in a row.
 *
 * A store may have exchanges wait in a compact form of its own (`QueuedForm`; SQLite: the row, its line made once):
 * an exchange waits up to `flushMs`, long enough for the collector to move a whole object graph per exchange to the
 * old generation, while a row is a few strings. The queue holds at most `maxQueue` exchanges:
 * when it is full, new exchanges are dropped and reported (the gateway keeps serving).
 */
import type { Exchange } from '../exchange/exchange.js';
import { reducedExchange } from './reduced-exchange.js';

/** Why exchanges were not recorded: the queue was full, the store refused the exchange even reduced, or it was down. */
export type DropReason = 'queue_full' | 'unstorable' | 'store_down';

export interface RecorderOptions {
  /** Longest time an exchange waits in memory before it is written (default 100 ms). */
  flushMs?: number;
  /** Write at once when this many exchanges are waiting (default 500). */
  maxBatch?: number;
  /** Most exchanges waiting in memory; beyond it new ones are dropped (default 50,000). */
  maxQueue?: number;
  /** Writes of a batch that fail entirely before its exchanges are dropped as `store_down` (default 5). */
  maxAttempts?: number;
  /** Called when a batch could not be written at all; it is kept and retried (up to `maxAttempts`). */
  onError?: (err: unknown, batch: number) => void;
  /** Called when exchanges are stored in their reduced form (texts dropped). */
  onReduced?: (count: number, err: unknown) => void;
  /** Called when exchanges are not recorded at all. */
  onDropped?: (reason: DropReason, count: number, err?: unknown) => void;
}

export type BatchWriter<T = Exchange> = (batch: readonly T[]) => Promise<void> | void;

/** The form in which exchanges wait to be written, when not as themselves. */
export interface QueuedForm<T> {
  /** The form of an exchange; may throw (e.g. nesting too deep to serialise): the exchange then waits reduced. */
  of(exchange: Exchange): T;
  /** The exchange back from its form (read only when a write of it failed and it must be reduced). */
  exchange(item: T): Exchange;
}

const asItself: QueuedForm<Exchange> = { of: (ex) => ex, exchange: (ex) => ex };

export class ExchangeRecorder<T = Exchange> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private closed = false;
  private failuresInARow = 0;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  private readonly onError: NonNullable<RecorderOptions['onError']>;
  private readonly onReduced: NonNullable<RecorderOptions['onReduced']>;
  private readonly onDropped: NonNullable<RecorderOptions['onDropped']>;
  /** Exchanges written since start (reduced ones included). */
  written = 0;
  /** Exchanges written in their reduced form since start. */
  reduced = 0;
  /** Exchanges not recorded since start, by reason. */
  readonly dropped: Record<DropReason, number> = { queue_full: 0, unstorable: 0, store_down: 0 };

  constructor(
    private readonly write: BatchWriter<T>,
    options: RecorderOptions = {},
    private readonly form: QueuedForm<T> = asItself as unknown as QueuedForm<T>,
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueue = options.maxQueue ?? 50_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.onError = options.onError ?? (() => {});
    this.onReduced = options.onReduced ?? (() => {});
    this.onDropped = options.onDropped ?? (() => {});
  }

  /** Exchanges waiting to be written. */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues an exchange; false when the queue is full and it was dropped. Throws once closed. */
  record(exchange: Exchange): boolean {
    if (this.closed) throw new Error('recorder is closed');
    if (this.queue.length >= this.maxQueue) {
      this.drop('queue_full', 1);
      return false;
    }
    let item: T;
    try {
      item = this.form.of(exchange);
    } catch (err) {
      item = this.form.of(reducedExchange(exchange, err));
      this.reduced++;
      this.onReduced(1, err);
    }
    this.queue.push(item);
    if (this.queue.length >= this.maxBatch) this.schedule(0);
    else if (this.timer === null) this.schedule(this.flushMs);
    return true;
  }

  private drop(reason: DropReason, count: number, err?: unknown): void {
    this.dropped[reason] += count;
    this.onDropped(reason, count, err);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) {
      if (ms > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Writes everything queued so far; resolves when it is in the store (or the write failed and was requeued). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const done = this.writeBatch(batch).then(() => {});
    this.writing = done;
    await done;
    this.writing = null;
    if (this.queue.length >= this.maxBatch) this.schedule(0);
  }

  /** Writes one batch; never throws. Returns false when nothing could be written and the batch was requeued. */
  private async writeBatch(batch: T[]): Promise<boolean> {
    await Promise.resolve();
    try {
      await this.write(batch);
      this.written += batch.length;
      this.failuresInARow = 0;
      return true;
    } catch (err) {
      const unwritten = await this.writeOneByOne(batch);
      if (unwritten.length < batch.length) {
        this.failuresInARow = 0;
        if (unwritten.length > 0) this.drop('unstorable', unwritten.length, err);
        return true;
      }
      this.failuresInARow++;
      this.onError(err, batch.length);
      if (this.failuresInARow >= this.maxAttempts) {
        this.failuresInARow = 0;
        this.drop('store_down', batch.length, err);
        return true;
      }
      this.requeue(batch);
      if (!this.closed && this.timer === null) this.schedule(this.flushMs);
      return false;
    }
  }

  /** Writes each exchange alone, reduced if it fails whole; returns those that could not be written at all. */
  private async writeOneByOne(batch: T[]): Promise<T[]> {
    const unwritten: T[] = [];
    for (const ex of batch) {
      try {
        await this.write([ex]);
        this.written++;
        continue;
      } catch (err) {
        try {
          await this.write([this.form.of(reducedExchange(this.form.exchange(ex), err))]);
          this.written++;
          this.reduced++;
          this.onReduced(1, err);
          continue;
        } catch {
          unwritten.push(ex);
        }
      }
    }
    return unwritten;
  }

  /** Puts a failed batch back in front of the queue, keeping within `maxQueue` (the newest overflow is dropped). */
  private requeue(batch: T[]): void {
    const merged = batch.concat(this.queue);
    if (merged.length > this.maxQueue) this.drop('queue_full', merged.length - this.maxQueue);
    this.queue = merged.slice(0, this.maxQueue);
  }

  /** Stops accepting exchanges and writes all that are queued (what cannot be written is dropped and reported). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.writeBatch(batch);
    }
  }
}
