/**
 * Relays an upstream response to the client and reports what was said: buffered JSON bodies (optionally rewritten:
 * Anthropic translation, guard transforms) and SSE streams event by event as they arrive, passed through byte for
 * byte when nothing rewrites them. A failure mid-stream ends the client's stream with an error event in its API's
 * shape.
 */
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { apiErrorBody, apiErrorEvent, type ApiStyle } from './api-error.js';
import { ChatStreamToMessages } from './anthropic/chat-stream-to-messages.js';
import { chatResponseToMessage } from './anthropic/from-chat-response.js';
import type { GatewayEndpoint, ResponseTransform } from './hooks.js';
import type { RelayedStream } from './recorded-stream.js';
import type { ResponseSummary } from './response-summary.js';
import { streamSummary, summarizeBody } from './summaries.js';
import { encodeEvent, SseReader, type StreamEvent } from './sse.js';
import { nonJsonBodyMessage, parseUpstreamJson, upstreamFailure } from './upstream.js';
import { wholeBody } from './whole-body.js';

export interface RelayPlan {
  style: ApiStyle;
  /** The API the client called: how its answers are read for the exchange log. */
  endpoint: GatewayEndpoint;
  /** The upstream speaks Chat Completions but the client Anthropic Messages. */
  translate: boolean;
  transform: ResponseTransform | undefined;
  model: string;
  /** The client asked for a stream (`stream: true`): a non-SSE success from the upstream is a broken answer. */
  stream: boolean;
  /** Longest wait for a client that stops reading a stream (upstream.timeout_ms) before both ends are closed. */
  stallMs: number;
  /** The client's request body as it arrived: recorded with a stream relayed byte for byte (see RecordedStream). */
  requestBody: Uint8Array;
}

export interface RelayOutcome {
  status: number;
  summary?: ResponseSummary;
  error?: string;
  streamed?: boolean;
  /** A stream relayed byte for byte: its bytes, read into `summary` off the event loop (ExchangeOutcome.stream). */
  stream?: RelayedStream;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function upstreamErrorMessage(body: unknown, raw: Buffer): string {
  if (isObject(body) && isObject(body.error) && typeof body.error.message === 'string') return body.error.message;
  return raw.subarray(0, 200).toString('utf8');
}

export interface BufferedReply {
  status: number;
  contentType: string;
  body: Buffer | string;
}

/** Reads a whole non-streamed upstream body and prepares the client's reply. Throws on upstream failure. */
export async function relayBuffered(
  res: Dispatcher.ResponseData,
  plan: RelayPlan,
): Promise<{ reply: BufferedReply; outcome: RelayOutcome }> {
  const raw = await wholeBody(res.body);
  const contentType = String(res.headers['content-type'] ?? 'application/json');
  const status = res.statusCode;
  const parsed = parseUpstreamJson(raw);
  if (status >= 300) {
    const json = isObject(parsed);
    const error = json ? upstreamErrorMessage(parsed, raw) : nonJsonBodyMessage(status, contentType, raw);
    // A JSON error passes through as the upstream wrote it; an Anthropic client of a translated upstream, and any
    // client of an upstream that answered with HTML or text, get it in their API's error shape.
    if (json && !plan.translate) return { reply: { status, contentType, body: raw }, outcome: { status, error } };
    const body = JSON.stringify(apiErrorBody(plan.style, status, error));
    return { reply: { status, contentType: 'application/json', body }, outcome: { status, error } };
  }
  // A success that is not what was asked for (no stream for a streaming request, a body SDKs cannot parse) is the
  // upstream's failure, not an answer: 502 in the client's error shape.
  if (plan.stream || !isObject(parsed)) {
    const error = plan.stream
      ? `the upstream model server answered a streaming request without a stream (${contentType.slice(0, 60)})`
      : nonJsonBodyMessage(status, contentType, raw);
    const body = JSON.stringify(apiErrorBody(plan.style, 502, error));
    return { reply: { status: 502, contentType: 'application/json', body }, outcome: { status: 502, error } };
  }
  let body = plan.translate ? chatResponseToMessage(parsed, plan.model) : parsed;
  if (plan.transform?.json) body = plan.transform.json(body);
  const summary = summarizeBody(plan.endpoint, body);
  const out = body === parsed ? raw : JSON.stringify(body);
  return { reply: { status, contentType: 'application/json', body: out }, outcome: { status, summary } };
}

/**
 * Streams an SSE upstream response to `out` (already hijacked from fastify) and resolves when the exchange is over:
 * finished, failed upstream, or closed by the client.
 */
export function relayStream(res: Dispatcher.ResponseData, out: ServerResponse, plan: RelayPlan): Promise<RelayOutcome> {
  const upstream = res.body;
  out.writeHead(res.statusCode, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  const summaryOf = streamSummary(plan.endpoint);
  const passthrough = !plan.translate && plan.transform?.stream === undefined;
  const chunks: Buffer[] = [];
  let reader: SseReader | null = null;
  let translator: ChatStreamToMessages | null = null;
  let transform: { push(ev: StreamEvent): StreamEvent[]; end?(): StreamEvent[] } | null = null;

  let paused = false;
  let stalled: NodeJS.Timeout | null = null;
  // What is written in one turn of the event loop leaves in one system call: the response stays corked until the
  // turn's I/O is handled, so the usual last chunk and the stream's end (which arrive together) share one writev
  // with the headers, and a transform's many small events go out together. A chunk waits microseconds, not for
  // the next chunk.
  let corked = false;
  const write = (data: Buffer | string) => {
    if (!corked) {
      corked = true;
      out.cork();
      setImmediate(() => {
        corked = false;
        if (!out.writableEnded && !out.destroyed) out.uncork();
      });
    }
    if (!out.write(data) && !paused) {
      paused = true;
      upstream.pause();
      // A client that stops reading would otherwise hold the upstream connection for ever.
      stalled = setTimeout(() => out.destroy(), plan.stallMs);
      out.once('drain', () => {
        if (stalled) clearTimeout(stalled);
        stalled = null;
        paused = false;
        upstream.resume();
      });
    }
  };
  const emit = (events: StreamEvent[]) => {
    for (const ev0 of events) {
      for (const ev of transform ? transform.push(ev0) : [ev0]) {
        summaryOf.add(ev);
        write(encodeEvent(ev));
      }
    }
  };
  if (!passthrough) {
    translator = plan.translate ? new ChatStreamToMessages(plan.model) : null;
    const made = plan.transform?.stream ? plan.transform.stream() : null;
    transform = typeof made === 'function' ? { push: made } : made;
    reader = new SseReader((ev) => emit(translator ? translator.push(ev) : [ev]));
  }

  return new Promise<RelayOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: RelayOutcome) => {
      if (settled) return;
      settled = true;
      if (stalled) clearTimeout(stalled);
      resolve(outcome);
    };
    const clientGone = () => {
      upstream.destroy();
      settle({ status: 499, ...said(), error: 'the client closed the connection mid-stream', streamed: true });
    };
    /** What was said: read as it was relayed, or (byte for byte) the bytes to read off the event loop. */
    const said = (): { summary: ResponseSummary } | { stream: RelayedStream } =>
      passthrough ? { stream: { chunks, requestBody: plan.requestBody } } : { summary: summaryOf.result() };
    /** A translation or transform that throws ends the stream cleanly instead of taking the gateway down. */
    const fail = (err: unknown) => {
      upstream.destroy();
      const message = `the gateway could not relay the stream (${err instanceof Error ? err.message : String(err)})`;
      if (!out.destroyed) out.end(apiErrorEvent(plan.style, 500, 'internal gateway error'));
      settle({ status: 500, summary: summaryOf.result(), error: message, streamed: true });
    };
    upstream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (passthrough) {
        chunks.push(chunk);
        write(chunk);
        return;
      }
      try {
        reader!.feed(chunk);
      } catch (err) {
        fail(err);
      }
    });
    upstream.on('end', () => {
      if (settled) return;
      try {
        if (reader) {
          reader.end();
          if (translator) emit(translator.end());
          const tail = transform?.end?.() ?? [];
          for (const ev of tail) {
            summaryOf.add(ev);
            write(encodeEvent(ev));
          }
        }
      } catch (err) {
        fail(err);
        return;
      }
      out.end();
      settle({ status: res.statusCode, ...said(), streamed: true });
    });
    upstream.on('error', (err) => {
      if (settled) return;
      if (out.destroyed) return clientGone();
      const failure = upstreamFailure(err);
      const code = (err as { code?: string }).code ?? 'error';
      const message =
        failure.status === 504
          ? 'the upstream model server stopped answering in the middle of the stream'
          : `the upstream connection broke in the middle of the stream (${code})`;
      if (!out.destroyed) out.end(apiErrorEvent(plan.style, failure.status, message));
      settle({ status: failure.status, ...said(), error: message, streamed: true });
    });
    out.on('close', () => {
      if (settled || out.writableFinished) return;
      clientGone();
    });
    // The client may have hung up before the stream began: its 'close' has already been emitted.
    if (out.destroyed) clientGone();
  });
}
