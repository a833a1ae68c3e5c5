/**
 * The worker thread that does the gateway's record work (record-work.ts): token counting and reading relayed streams,
 * so no text can hold the gateway's event loop.
 */
import { serveJobs } from '../threads/job-thread.js';
import { doRecordWork, estimateRecordWork, type RecordWork, type RecordWorkResult } from './record-work.js';
import { countTextTokens } from './token-count.js';

// Load the encoding and warm the tokenizer before the first job arrives.
countTextTokens('warm up the tokenizer: 中文 text, aaaaaaaa');

/** One piece of work that fails (it should not) gets the estimate, not the whole batch. */
function attempt(work: RecordWork): RecordWorkResult {
  try {
    return doRecordWork(work);
  } catch {
    return estimateRecordWork(work);
  }
}

serveJobs(attempt);
