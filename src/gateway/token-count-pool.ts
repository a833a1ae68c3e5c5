/**
 * The gateway's record work off the event loop (record-work.ts: token counting, and reading relayed streams into
 * their summaries): work goes to one worker thread (a JobPool: started on first use, restarted if it dies) in
 * batches, one message per few milliseconds with the streams' bytes transferred (one slab per batch), not copied, and comes back as
 * promises. When `maxPending` pieces of work are already waiting, or the worker fails, the work is done cheaply here
 * instead (`estimateRecordWork`: token counts estimated from lengths), so a flood of hostile texts degrades the
 * counts, never the gateway.
 */
import { JobPool } from '../threads/job-pool.js';
import { startModuleWorker } from '../threads/module-worker.js';
import type { GatewayEndpoint } from './hooks.js';
import { estimateRecordWork, type RecordWork, type RecordWorkResult } from './record-work.js';
import type { RelayedStream } from './recorded-stream.js';
import { StreamSlabs } from './stream-slabs.js';
import type { TokenCountJob, TokenCounts } from './token-count.js';

/** Pieces of work per message at most. */
const BATCH = 256;
/**
 * Longest a piece of work waits for its batch: each message wakes the thread (a system call and a context switch),
 * and an exchange waits for its work before it is recorded, so this stays far below the recorder's flush window.
 */
const BATCH_MS = 5;

/** A stream's slab (stream-slabs.ts: shared by the streams of its batch, transferred once). */
const transferOf = (work: RecordWork): ArrayBuffer[] => (work.kind === 'stream' ? [work.stream.bytes.buffer as ArrayBuffer] : []);

export class TokenCountWorker {
  private readonly pool: JobPool<RecordWork, RecordWorkResult>;
  private readonly slabs = new StreamSlabs();

  constructor(maxPending = 1000) {
    this.pool = new JobPool({
      spawn: () => startModuleWorker(import.meta.url, 'token-count-worker'),
      fallback: estimateRecordWork,
      maxPending,
      batchMs: BATCH_MS,
      maxBatch: BATCH,
      transferOf,
    });
  }

  /** Pieces of work done cheaply (estimated counts) because the worker was saturated or failed. */
  get estimated(): number {
    return this.pool.fallbacks;
  }

  /**
   * Starts the worker now and resolves once it takes work (seconds on a busy machine: it loads the tokenizer), so a
   * gateway that awaits it before listening records its first exchanges without waiting for the thread.
   */
  start(): Promise<void> {
    return this.pool.start();
  }

  /** Counts a job's tokens. */
  async count(job: TokenCountJob): Promise<TokenCounts> {
    return (await this.pool.run({ kind: 'count', job })).counts!;
  }

  /**
   * Reads a stream relayed byte for byte into its summary, and counts what its upstream did not report. Its bytes
   * are copied into the slab of their batch, which the thread is handed without a copy.
   */
  readStream(endpoint: GatewayEndpoint, stream: RelayedStream): Promise<RecordWorkResult> {
    return this.pool.run({ kind: 'stream', endpoint, stream: this.slabs.pack(stream) });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
