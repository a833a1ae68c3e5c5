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
  return new Promise<RelayOutcome>((resolve) => new StreamRelay(res, out, plan, resolve).start());
}

type EventTransform = { push(ev: StreamEvent): StreamEvent[]; end?(): StreamEvent[] };

/**
 * One stream's relay. A class rather than closures: under tsx every named closure costs a defineProperty of its
 * name each time it is made (esbuild's keepNames), and a stream made six of them per request.
 */
class StreamRelay {
  private readonly upstream: Dispatcher.ResponseData['body'];
  private readonly summaryOf: ReturnType<typeof streamSummary>;
  private readonly passthrough: boolean;
  private readonly chunks: Buffer[] = [];
  private reader: SseReader | null = null;
  private translator: ChatStreamToMessages | null = null;
  private transform: EventTransform | null = null;
  private paused = false;
  private stalled: NodeJS.Timeout | null = null;
  private corked = false;
  private settled = false;

  constructor(
    private readonly res: Dispatcher.ResponseData,
    private readonly out: ServerResponse,
    private readonly plan: RelayPlan,
    private readonly resolve: (outcome: RelayOutcome) => void,
  ) {
    this.upstream = res.body;
    this.summaryOf = streamSummary(plan.endpoint);
    this.passthrough = !plan.translate && plan.transform?.stream === undefined;
  }

  start(): void {
    const { out, plan, upstream } = this;
    out.writeHead(this.res.statusCode, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    if (!this.passthrough) {
      this.translator = plan.translate ? new ChatStreamToMessages(plan.model) : null;
      const made = plan.transform?.stream ? plan.transform.stream() : null;
      this.transform = typeof made === 'function' ? { push: made } : made;
      this.reader = new SseReader((ev) => this.emit(this.translator ? this.translator.push(ev) : [ev]));
    }
    upstream.on('data', (chunk: Buffer) => this.data(chunk));
    upstream.on('end', () => this.end());
    upstream.on('error', (err) => this.upstreamError(err));
    out.on('close', () => {
      if (this.settled || out.writableFinished) return;
      this.clientGone();
    });
    // The client may have hung up before the stream began: its 'close' has already been emitted.
    if (out.destroyed) this.clientGone();
  }

  /**
   * What is written in one turn of the event loop leaves in one system call: the response stays corked until the
   * turn's I/O is handled, so the usual last chunk and the stream's end (which arrive together) share one writev
   * with the headers, and a transform's many small events go out together. A chunk waits microseconds, not for
   * the next chunk.
   */
  private write(data: Buffer | string): void {
    const { out } = this;
    if (!this.corked) {
      this.corked = true;
      out.cork();
      setImmediate(() => {
        this.corked = false;
        if (!out.writableEnded && !out.destroyed) out.uncork();
      });
    }
    if (!out.write(data) && !this.paused) {
      this.paused = true;
      this.upstream.pause();
      // A client that stops reading would otherwise hold the upstream connection for ever.
      this.stalled = setTimeout(() => out.destroy(), this.plan.stallMs);
      out.once('drain', () => {
        if (this.stalled) clearTimeout(this.stalled);
        this.stalled = null;
        this.paused = false;
        this.upstream.resume();
      });
    }
  }

  private emit(events: StreamEvent[]): void {
    for (const ev0 of events) {
      for (const ev of this.transform ? this.transform.push(ev0) : [ev0]) {
        this.summaryOf.add(ev);
        this.write(encodeEvent(ev));
      }
    }
  }

  private settle(outcome: RelayOutcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.stalled) clearTimeout(this.stalled);
    this.resolve(outcome);
  }

  private clientGone(): void {
    this.upstream.destroy();
    this.settle({ status: 499, ...this.said(), error: 'the client closed the connection mid-stream', streamed: true });
  }

  /** What was said: read as it was relayed, or (byte for byte) the bytes to read off the event loop. */
  private said(): { summary: ResponseSummary } | { stream: RelayedStream } {
    return this.passthrough ? { stream: { chunks: this.chunks, requestBody: this.plan.requestBody } } : { summary: this.summaryOf.result() };
  }

  /** A translation or transform that throws ends the stream cleanly instead of taking the gateway down. */
  private fail(err: unknown): void {
    this.upstream.destroy();
    const message = `the gateway could not relay the stream (${err instanceof Error ? err.message : String(err)})`;
    if (!this.out.destroyed) this.out.end(apiErrorEvent(this.plan.style, 500, 'internal gateway error'));
    this.settle({ status: 500, summary: this.summaryOf.result(), error: message, streamed: true });
  }

  private data(chunk: Buffer): void {
    if (this.settled) return;
    if (this.passthrough) {
      this.chunks.push(chunk);
      this.write(chunk);
      return;
    }
    try {
      this.reader!.feed(chunk);
    } catch (err) {
      this.fail(err);
    }
  }

  private end(): void {
    if (this.settled) return;
    try {
      if (this.reader) {
        this.reader.end();
        if (this.translator) this.emit(this.translator.end());
        const tail = this.transform?.end?.() ?? [];
        for (const ev of tail) {
          this.summaryOf.add(ev);
          this.write(encodeEvent(ev));
        }
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    this.out.end();
    this.settle({ status: this.res.statusCode, ...this.said(), streamed: true });
  }

  private upstreamError(err: Error): void {
    if (this.settled) return;
    if (this.out.destroyed) return this.clientGone();
    const failure = upstreamFailure(err);
    const code = (err as { code?: string }).code ?? 'error';
    const message =
      failure.status === 504
        ? 'the upstream model server stopped answering in the middle of the stream'
        : `the upstream connection broke in the middle of the stream (${code})`;
    if (!this.out.destroyed) this.out.end(apiErrorEvent(this.plan.style, failure.status, message));
    this.settle({ status: failure.status, ...this.said(), error: message, streamed: true });
  }
}
