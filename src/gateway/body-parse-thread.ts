/**
 * Request bodies of `OFF_LOOP_BODY_BYTES` or more are decoded, depth-checked and parsed in a worker thread
 * (body-parse-worker.ts): for a 4 MB prompt that is tens of milliseconds of UTF-8 decoding and `JSON.parse` (hundreds
 * for Chinese text) that the event loop no longer spends; it only receives the parsed value, a copy. The answer is
 * the same as `parseJsonBody` on the event loop, refusals included. The thread's mechanics (start, restart after it
 * dies, jobs parsed on the event loop meanwhile so nothing is lost, kept alive only while jobs wait) are a JobPool's.
 */
import { JobPool } from '../threads/job-pool.js';
import { startModuleWorker } from '../threads/module-worker.js';
import { BodyRejection, parseJsonBody, type BodyLimits } from './body-limits.js';

/** Smaller bodies are parsed on the event loop: under a millisecond, less than the trip to a thread. */
export const OFF_LOOP_BODY_BYTES = 64 * 1024;

export interface BodyParseJob {
  bytes: Uint8Array;
  limits: BodyLimits;
}

export type BodyParseResult =
  | { json: unknown }
  | { rejection: { statusCode: BodyRejection['statusCode']; message: string; reason: BodyRejection['reason'] } }
  | { failure: string };

/** Parses a job as the event loop would, the refusal or failure as data (the thread's answer). */
export function parseBodyJob(job: BodyParseJob): BodyParseResult {
  try {
    return { json: parseJsonBody(job.bytes, job.limits) };
  } catch (err) {
    return err instanceof BodyRejection
      ? { rejection: { statusCode: err.statusCode, message: err.message, reason: err.reason } }
      : { failure: err instanceof Error ? err.message : String(err) };
  }
}

function valueOf(result: BodyParseResult): unknown {
  if ('json' in result) return result.json;
  if ('rejection' in result) throw new BodyRejection(result.rejection.statusCode, result.rejection.message, result.rejection.reason);
  throw new Error(`body parse thread: ${result.failure}`);
}

export class BodyParseThread {
  private readonly pool = new JobPool<BodyParseJob, BodyParseResult>({
    spawn: () => startModuleWorker(import.meta.url, 'body-parse-worker'),
    fallback: parseBodyJob,
  });

  /** Starts the thread now, so its start-up does not fall on the first large body. */
  start(): void {
    void this.pool.start();
  }

  /** Jobs parsed on the event loop because the thread failed. */
  get parsedOnLoop(): number {
    return this.pool.fallbacks;
  }

  /** Jobs sent to the thread so far. */
  get jobs(): number {
    return this.pool.jobs;
  }

  /** Jobs sent and not yet answered. */
  get waiting(): number {
    return this.pool.waiting;
  }

  /** The parsed body, or a rejection with the `BodyRejection` that `parseJsonBody` would throw. */
  parse(bytes: Uint8Array, limits: BodyLimits): Promise<unknown> {
    return this.pool.run({ bytes, limits }).then(valueOf);
  }

  /** Ends the thread; jobs still waiting are parsed on the event loop. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
