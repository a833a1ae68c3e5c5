/**
 * The work of turning what was relayed into a record that the gateway hands to its counting thread
 * (token-count-pool.ts), so it happens off the request path: counting the tokens an upstream did not report, and,
 * for a stream relayed byte for byte, reading its SSE bytes into the response summary (text, reasoning, tool calls,
 * usage) and then counting. The same functions run on the event loop only when the thread cannot take the work.
 */
import type { ExchangeOutcome } from './exchange-builder.js';
import { tokenCountJobFor } from './exchange-builder.js';
import type { GatewayEndpoint } from './hooks.js';
import { requestPart, streamPart, type RecordedStream } from './recorded-stream.js';
import { readChatStream } from './chat-stream-read.js';
import { ChatStreamSummary, type ResponseSummary } from './response-summary.js';
import { toEvent } from './sse.js';
import { forEachSseEvent } from './sse-text.js';
import { streamSummary } from './summaries.js';
import { countJob, estimateJob, type TokenCountJob, type TokenCounts } from './token-count.js';

export type RecordWork =
  | { kind: 'count'; job: TokenCountJob }
  | {
      kind: 'stream';
      endpoint: GatewayEndpoint;
      /** The stream as the upstream sent it and the client's request (its own ArrayBuffer, transferred). */
      stream: RecordedStream;
    };

export interface RecordWorkResult {
  /** Tokens counted because the upstream reported no usage; null when it reported all of it. */
  counts: TokenCounts | null;
  /** For a stream: what it said. */
  summary?: ResponseSummary;
}

/** The summary of a whole SSE stream in the client's API shape. */
export function readStreamSummary(endpoint: GatewayEndpoint, sse: Uint8Array): ResponseSummary {
  const summary = streamSummary(endpoint);
  // Whole bytes: one decode, without a streaming decoder.
  const text = Buffer.from(sse.buffer, sse.byteOffset, sse.byteLength).toString('utf8');
  if (summary instanceof ChatStreamSummary) readChatStream(summary, text);
  else forEachSseEvent(text, (event, data) => summary.add(toEvent(event, data)));
  return summary.result();
}

/** The work with the given counter: a stream's summary is always read exactly (the record must say what was answered). */
function recordWork(work: RecordWork, count: (job: TokenCountJob) => TokenCounts): RecordWorkResult {
  if (work.kind === 'count') return { counts: count(work.job) };
  const summary = readStreamSummary(work.endpoint, streamPart(work.stream));
  const outcome: ExchangeOutcome = { status: 200, summary };
  // The request is parsed again only for what it is read for: the prompt's tokens when the stream reported none.
  const request = summary.inputTokens === undefined ? requestPart(work.stream) : {};
  const job = tokenCountJobFor(request, work.endpoint, outcome);
  return { counts: job ? count(job) : null, summary };
}

/** Does the work exactly (in the thread). */
export const doRecordWork = (work: RecordWork): RecordWorkResult => recordWork(work, countJob);

/** The work done cheaply, when the thread is saturated or gone: tokens estimated from lengths. */
export const estimateRecordWork = (work: RecordWork): RecordWorkResult => recordWork(work, estimateJob);
