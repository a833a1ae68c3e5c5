/**
 * The thread that decodes, depth-checks and parses large request bodies (body-parse-thread.ts), so a multi-megabyte
 * body never holds the gateway's event loop for its UTF-8 decoding and `JSON.parse`. It answers each job with the
 * parsed JSON (copied back by structured clone) or the refusal, as plain data.
 */
import { parentPort } from 'node:worker_threads';
import { BodyRejection, parseJsonBody } from './body-limits.js';
import type { BodyParseJob, BodyParseReply } from './body-parse-thread.js';

const port = parentPort!;

port.on('message', (job: BodyParseJob) => {
  let reply: BodyParseReply;
  try {
    reply = { id: job.id, json: parseJsonBody(job.bytes, job.limits) };
  } catch (err) {
    reply =
      err instanceof BodyRejection
        ? { id: job.id, rejection: { statusCode: err.statusCode, message: err.message, reason: err.reason } }
        : { id: job.id, failure: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
