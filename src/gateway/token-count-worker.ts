/** The worker thread that counts tokens for the gateway, so no text can hold the gateway's event loop. */
import { parentPort } from 'node:worker_threads';
import { countJob, countTextTokens, type TokenCountJob } from './token-count.js';

// Load the encoding and warm the tokenizer before the first job arrives.
countTextTokens('warm up the tokenizer: 中文 text, aaaaaaaa');

parentPort!.on('message', (message: { id: number; job: TokenCountJob }) => {
  parentPort!.postMessage({ id: message.id, counts: countJob(message.job) });
});
