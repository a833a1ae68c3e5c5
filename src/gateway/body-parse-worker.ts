/**
 * The thread that decodes, depth-checks and parses large request bodies (body-parse-thread.ts), so a multi-megabyte
 * body never holds the gateway's event loop for its UTF-8 decoding and `JSON.parse`. It answers each job with the
 * parsed JSON (copied back by structured clone) or the refusal, as plain data.
 */
import { serveJobs } from '../threads/job-thread.js';
import { parseBodyJob } from './body-parse-thread.js';

serveJobs(parseBodyJob);
