/**
 * What every gateway route shares: the upstream pools and their headers, the recorder, metrics, logger and the two
 * extension points, plus the three ways an exchange ends (recorded, refused, failed) so all routes record alike.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ExchangeRecorder } from '../store/recorder.js';
import { apiErrorBody, type ApiStyle } from './api-error.js';
import { buildExchange, type ExchangeOutcome, type ExchangeStart, type ExchangeWho } from './exchange-builder.js';
import type { ExchangeTap, RequestGuard } from './hooks.js';
import type { GatewayMetrics } from './metrics.js';
import { keepEverything, type RecordFilter } from './privacy.js';
import type { Upstream } from './upstream.js';

export interface GatewayCoreOptions {
  openai: Upstream;
  anthropic: Upstream | null;
  openaiApiKey?: string | undefined;
  anthropicApiKey?: string | undefined;
  recorder: ExchangeRecorder;
  metrics: GatewayMetrics;
  log: Logger;
  guard: RequestGuard;
  tap: ExchangeTap;
  /** What the recorder stores of each exchange (privacy mode); the tap always sees it whole. */
  recordFilter?: RecordFilter;
}

export class GatewayCore {
  readonly openai: Upstream;
  readonly anthropic: Upstream | null;
  readonly openaiHeaders: Record<string, string>;
  readonly recorder: ExchangeRecorder;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
  guard: RequestGuard;
  tap: ExchangeTap;
  recordFilter: RecordFilter;
  private readonly anthropicApiKey: string | undefined;

  constructor(o: GatewayCoreOptions) {
    this.openai = o.openai;
    this.anthropic = o.anthropic;
    this.openaiHeaders = { 'content-type': 'application/json' };
    if (o.openaiApiKey) this.openaiHeaders.authorization = `Bearer ${o.openaiApiKey}`;
    this.anthropicApiKey = o.anthropicApiKey;
    this.recorder = o.recorder;
    this.metrics = o.metrics;
    this.log = o.log;
    this.guard = o.guard;
    this.tap = o.tap;
    this.recordFilter = o.recordFilter ?? keepEverything;
  }

  /** Headers for the Anthropic upstream: its own key, and the client's API version and beta flags. */
  anthropicHeaders(req: FastifyRequest): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/json' };
    const version = req.headers['anthropic-version'];
    h['anthropic-version'] = typeof version === 'string' ? version : '2023-06-01';
    const beta = req.headers['anthropic-beta'];
    if (typeof beta === 'string') h['anthropic-beta'] = beta;
    if (this.anthropicApiKey) h['x-api-key'] = this.anthropicApiKey;
    return h;
  }

  /** Records one finished exchange (off the response path) and tells the tap. */
  record(start: ExchangeStart, who: ExchangeWho, model: string, request: Record<string, unknown>, outcome: ExchangeOutcome): void {
    const ex = buildExchange(start, who, model, request, outcome, performance.now());
    this.metrics.requests.inc({ endpoint: start.endpoint, status: outcome.status });
    try {
      this.recorder.record(this.recordFilter(ex));
    } catch (err) {
      this.log.error({ err: (err as Error).message, id: ex.id }, 'exchange not recorded');
    }
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug(
        { id: ex.id, account: ex.account, endpoint: ex.endpoint, model, status: outcome.status, latency_ms: ex.response.latency_ms },
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
    reply: FastifyReply,
    style: ApiStyle,
    status: number,
    message: string,
    headers?: Record<string, string>,
    body?: Record<string, unknown>,
  ): void {
    if (reply.sent || reply.raw.headersSent) return;
    if (headers) reply.headers(headers);
    reply.code(status).header('content-type', 'application/json').send(JSON.stringify(body ?? apiErrorBody(style, status, message)));
  }

  /** Refuses a request: error reply in the API's shape, counted by reason, recorded. */
  deny(
    reply: FastifyReply,
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
