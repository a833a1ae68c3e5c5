/**
 * What every gateway route shares: the upstream pools and their headers, the recorder, metrics, logger and the two
 * extension points, plus the three ways an exchange ends (recorded, refused, failed) so all routes record alike.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Exchange } from '../exchange/exchange.js';
import type { ExchangeRecorder } from '../store/recorder.js';
import { apiErrorBody, type ApiStyle } from './api-error.js';
import { buildExchange, tokenCountJobFor, type ExchangeOutcome, type ExchangeStart, type ExchangeWho } from './exchange-builder.js';
import type { ExchangeTap, GatewayEndpoint, RequestGuard } from './hooks.js';
import type { GatewayMetrics } from './metrics.js';
import { keepEverything, type RecordFilter } from './privacy.js';
import type { TokenCountWorker } from './token-count-pool.js';
import { upstreamFailure, type Upstream, type UpstreamFailure } from './upstream.js';
import { UpstreamOutageLog } from './upstream-outage-log.js';
import { sendRaw, type ClientReply } from './raw-reply.js';

export interface GatewayCoreOptions {
  openai: Upstream;
  anthropic: Upstream | null;
  openaiApiKey?: string | undefined;
  anthropicApiKey?: string | undefined;
  recorder: ExchangeRecorder<unknown>;
  metrics: GatewayMetrics;
  log: Logger;
  guard: RequestGuard;
  tap: ExchangeTap;
  /** upstream.timeout_ms: also the longest wait for a client that stops reading a stream. */
  timeoutMs: number;
  /** Counts tokens the upstream did not report, off the event loop. */
  tokens: TokenCountWorker;
  /** What the recorder stores of each exchange (privacy mode); the tap always sees it whole. */
  recordFilter?: RecordFilter;
}

export class GatewayCore {
  readonly openai: Upstream;
  readonly anthropic: Upstream | null;
  readonly openaiHeaders: Record<string, string>;
  readonly recorder: ExchangeRecorder<unknown>;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
  guard: RequestGuard;
  tap: ExchangeTap;
  readonly timeoutMs: number;
  readonly tokens: TokenCountWorker;
  private counting = 0;
  private drained: (() => void) | null = null;
  recordFilter: RecordFilter;
  private readonly anthropicApiKey: string | undefined;
  private readonly outage: UpstreamOutageLog;

  constructor(o: GatewayCoreOptions) {
    this.openai = o.openai;
    this.anthropic = o.anthropic;
    this.openaiHeaders = { 'content-type': 'application/json' };
    if (o.openaiApiKey) this.openaiHeaders.authorization = `Bearer ${o.openaiApiKey}`;
    this.anthropicApiKey = o.anthropicApiKey;
    this.recorder = o.recorder;
    this.metrics = o.metrics;
    this.log = o.log;
    this.outage = new UpstreamOutageLog(o.log);
    this.guard = o.guard;
    this.tap = o.tap;
    this.timeoutMs = o.timeoutMs;
    this.tokens = o.tokens;
    this.recordFilter = o.recordFilter ?? keepEverything;
  }

  /** Headers for the Anthropic upstream: its own key, and the client's API version and beta flags. */
  anthropicHeaders(headers: IncomingHttpHeaders): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/json' };
    const version = headers['anthropic-version'];
    h['anthropic-version'] = typeof version === 'string' ? version : '2023-06-01';
    const beta = headers['anthropic-beta'];
    if (typeof beta === 'string') h['anthropic-beta'] = beta;
    if (this.anthropicApiKey) h['x-api-key'] = this.anthropicApiKey;
    return h;
  }

  /** What to tell the client when the upstream did not answer; the outage is logged once, not per request. */
  upstreamFailed(err: unknown): UpstreamFailure {
    const failure = upstreamFailure(err);
    this.outage.failed(failure);
    return failure;
  }

  /**
   * Records one finished exchange and tells the tap. What costs CPU is done by the record thread, off the event loop:
   * reading a stream relayed byte for byte into its summary, and counting the tokens the upstream did not report.
   */
  record(start: ExchangeStart, who: ExchangeWho, model: string, request: Record<string, unknown>, outcome: ExchangeOutcome): void {
    const now = performance.now();
    if (outcome.denied === undefined && outcome.status !== 502 && outcome.status !== 504) this.outage.answered();
    this.metrics.requests.inc({ endpoint: start.endpoint, status: outcome.status });
    const { stream } = outcome;
    if (stream !== undefined) {
      delete outcome.stream;
      return this.later(
        this.tokens.readStream(start.endpoint as GatewayEndpoint, stream),
        (read) => buildExchange(start, who, model, request, { ...outcome, summary: read.summary! }, now, read.counts ?? undefined),
      );
    }
    const job = tokenCountJobFor(request, start.endpoint, outcome);
    if (job === null) return this.finish(buildExchange(start, who, model, request, outcome, now));
    this.later(this.tokens.count(job), (counts) => buildExchange(start, who, model, request, outcome, now, counts));
  }

  /** Finishes an exchange once the record thread's work for it is back (`drain` waits for these). */
  private later<T>(work: Promise<T>, build: (result: T) => Exchange): void {
    this.counting++;
    void work
      .then((result) => this.finish(build(result)))
      .finally(() => {
        if (--this.counting === 0) this.drained?.();
      });
  }

  /** Resolves when every exchange waiting for its token count has been handed to the recorder. */
  drain(): Promise<void> {
    if (this.counting === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = () => {
        this.drained = null;
        resolve();
      };
    });
  }

  private finish(ex: Exchange): void {
    try {
      this.recorder.record(this.recordFilter(ex));
    } catch (err) {
      this.log.error({ err: (err as Error).message, id: ex.id }, 'exchange not recorded');
    }
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug(
        { id: ex.id, account: ex.account, endpoint: ex.endpoint, model: ex.model, status: ex.response.status, latency_ms: ex.response.latency_ms },
        'exchange',
      );
    }
    try {
      this.tap(ex);
    } catch (err) {
      this.log.error({ err: (err as Error).message, id: ex.id }, 'exchange tap failed');
    }
  }

  sendError(
    reply: ClientReply,
    style: ApiStyle,
    status: number,
    message: string,
    headers?: Record<string, string>,
    body?: Record<string, unknown>,
  ): void {
    const json = JSON.stringify(body ?? apiErrorBody(style, status, message));
    // The content type fastify's send gives a JSON string.
    if (!('hijack' in reply)) return sendRaw(reply, status, 'application/json; charset=utf-8', json, headers);
    // Through fastify's send, so headers it set on the reply before an error (`connection: close`) go out too.
    if (reply.sent || reply.raw.headersSent) return;
    if (headers) reply.headers(headers);
    reply.code(status).header('content-type', 'application/json').send(json);
  }

  /** Refuses a request: error reply in the API's shape, counted by reason, recorded. */
  deny(
    reply: ClientReply,
    style: ApiStyle,
    start: ExchangeStart,
    who: ExchangeWho,
    model: string,
    request: Record<string, unknown>,
    status: number,
    message: string,
    reason: string,
    headers?: Record<string, string>,
    body?: Record<string, unknown>,
  ): void {
    this.metrics.denials.inc({ reason });
    this.sendError(reply, style, status, message, headers, body);
    this.record(start, who, model, request, { status, error: message, denied: reason });
  }
}
