/**
 * The exchange recorder: the gateway hands it each finished exchange and returns to the client at once; the
 * recorder writes them to the store in batches, every `flushMs` or as soon as `maxBatch` are waiting. A graceful
 * stop flushes everything; a hard kill loses at most what arrived within the last flush window.
 */
import type { Exchange } from '../exchange/exchange.js';

export interface RecorderOptions {
  /** Longest time an exchange waits in memory before it is written (default 100 ms). */
  flushMs?: number;
  /** Write at once when this many exchanges are waiting (default 500). */
  maxBatch?: number;
  /** Called when a batch could not be written; the batch is kept and retried at the next flush. */
  onError?: (err: unknown, batch: number) => void;
}

export type BatchWriter = (batch: readonly Exchange[]) => Promise<void> | void;

export class ExchangeRecorder {
  private queue: Exchange[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private closed = false;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly onError: (err: unknown, batch: number) => void;
  /** Exchanges written since start. */
  written = 0;

  constructor(
    private readonly write: BatchWriter,
    options: RecorderOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.maxBatch = options.maxBatch ?? 500;
    this.onError = options.onError ?? (() => {});
  }

  /** Exchanges waiting to be written. */
  get depth(): number {
    return this.queue.length;
  }

  record(exchange: Exchange): void {
    if (this.closed) throw new Error('recorder is closed');
    this.queue.push(exchange);
    if (this.queue.length >= this.maxBatch) this.schedule(0);
    else if (this.timer === null) this.schedule(this.flushMs);
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
    const done = this.writeBatch(batch);
    this.writing = done;
    await done;
    this.writing = null;
    if (this.queue.length >= this.maxBatch) this.schedule(0);
  }

  private async writeBatch(batch: Exchange[]): Promise<void> {
    await Promise.resolve();
    try {
      await this.write(batch);
      this.written += batch.length;
    } catch (err) {
      this.queue = batch.concat(this.queue);
      this.onError(err, batch.length);
      if (!this.closed && this.timer === null) this.schedule(this.flushMs);
    }
  }

  /** Stops accepting exchanges and writes all that are queued. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    await this.write(batch);
    this.written += batch.length;
  }
}
