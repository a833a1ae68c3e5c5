/**
 * The Hydrawatch gateway: an OpenAI- and Anthropic-compatible HTTP front for an OpenAI-compatible model server that
 * authenticates every caller with a Hydrawatch key, forwards the request, streams the answer back and records the
 * exchange. `/healthz` and `/metrics` (Prometheus) for operations; a request guard and an exchange tap for detection
 * and enforcement to plug into.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
  type FastifyBodyParser,
} from 'fastify';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Exchange } from '../exchange/exchange.js';
import { TokenBucketLimiter, type BucketLimit } from '../decide/token-bucket.js';
import { ExchangeRecorder } from '../store/recorder.js';
import type { ExchangeRetention } from '../store/retention.js';
import type { Store, VerifiedKey } from '../store/store.js';
import type { ApiStyle } from './api-error.js';
import { BodyRejection, checkMediaType, parseJsonBody, type BodyLimits } from './body-limits.js';
import { BodyParseThread, OFF_LOOP_BODY_BYTES } from './body-parse-thread.js';
import { clientIp } from './client-ip.js';
import { completionHandler, type RelayedRequest } from './completion-route.js';
import { countTokensHandler } from './count-tokens-route.js';
import { ANONYMOUS_ACCOUNT, whoOfKey, type ExchangeStart } from './exchange-builder.js';
import { GatewayCore } from './gateway-core.js';
import { allowAll, noTap, type ExchangeTap, type RequestGuard } from './hooks.js';
import { KeyCache } from './key-cache.js';
import { GatewayMetrics } from './metrics.js';
import { modelsHandler } from './models-route.js';
import { recordFilterFor, type PrivacyMode, type RecordFilter } from './privacy.js';
import { COUNT_TOKENS_PATH, endpointOfPath, RELAYED_ROUTES } from './relayed-routes.js';
import type { ClientReply } from './raw-reply.js';
import { relayedFastPath } from './relayed-fast-path.js';
import { presentedKey, type ReceivedBody, type RequestState } from './request-state.js';
import { setSecurityHeaders } from './security-headers.js';
import { TokenCountWorker } from './token-count-pool.js';
import { Upstream } from './upstream.js';

export interface GatewayOptions {
  config: Config;
  store: Store;
  /** Defaults to a pino logger on stderr at `config.log.level`. */
  logger?: Logger;
  guard?: RequestGuard;
  tap?: ExchangeTap;
  /**
   * Honour `X-Hydrawatch-Event-Time` (RFC 3339) from a trusted edge (`server.trust_proxy`) as the exchange's `ts`:
   * for replaying a recorded log through the gateway with its original clock (bench/replay). Default false.
   */
  trustEventTime?: boolean;
  /** Collect the process metrics (CPU, memory, event loop) too; default true. */
  processMetrics?: boolean;
  /** Purges old exchanges per `retention.*` while the gateway listens (see store/retention.ts). */
  retention?: ExchangeRetention;
  /** Parse bodies of OFF_LOOP_BODY_BYTES or more in a worker thread; default true (false: all on the event loop). */
  bodyParseThread?: boolean;
  /** Serve the relayed routes' ordinary requests past fastify (relayed-fast-path.ts); default true. */
  relayFastPath?: boolean;
}

const styleOf = (url: string): ApiStyle => (url.startsWith('/v1/messages') ? 'anthropic' : 'openai');

/**
 * The public listener's HTTP server, as fastify would make it, whose requests go to `serve` first: what it does not
 * serve (returns false) goes to fastify.
 */
function serverServing(serve: () => ((req: IncomingMessage, res: ServerResponse) => boolean) | null) {
  return (fastify: (req: IncomingMessage, res: ServerResponse) => void, opts: { http?: object; keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }): Server => {
    const server = createServer(opts.http ?? {}, (req, res) => {
      if (serve()?.(req, res) !== true) fastify(req, res);
    });
    if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
    if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
    if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout);
    return server;
  };
}

/** Fastify options that bound how long a client may take to send its request (slow-body clients are closed). */
function requestTimeouts(server: Config['server']) {
  return {
    requestTimeout: server.request_timeout_ms,
    http: {
      requestTimeout: server.request_timeout_ms,
      headersTimeout: Math.min(server.headers_timeout_ms, server.request_timeout_ms),
      // How often Node checks those timeouts (its default, 30 s, would let a slow client linger that much longer).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(server.request_timeout_ms / 4))),
    },
  };
}

export class Gateway {
  readonly app: FastifyInstance;
  /** Where `/metrics` and the admin API are served: `app` itself unless `server.admin_port` is set. */
  readonly admin: FastifyInstance;
  readonly core: GatewayCore;
  readonly recorder: ExchangeRecorder<unknown>;
  readonly keys: KeyCache;
  private address: string | null = null;
  private adminAddress: string | null = null;
  private closing = false;
  private readonly anonymousRecords = new TokenBucketLimiter(1);
  private readonly anonymousLimit: BucketLimit;
  private unrecordedSinceLog = 0;
  private lastUnrecordedLog = 0;
  private stopRetention: (() => void) | null = null;
  /** Parses large request bodies off the event loop. */
  readonly bodies = new BodyParseThread();
  /** Serves the relayed routes' ordinary requests before fastify sees them (null: fastify serves all). */
  private fastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;

  constructor(private readonly options: GatewayOptions) {
    const { config, store } = options;
    const log = options.logger ?? pino({ level: config.log.level }, pino.destination(2));
    if (!config.upstream.url) throw new Error('no upstream: set upstream.url or HYDRAWATCH_UPSTREAM_URL');
    // Exchanges wait for their batch in the store's own compact form where it has one (SQLite: rows).
    const queued = store.queuedExchanges?.() ?? null;
    const write = queued
      ? (batch: readonly unknown[]) => queued.insert(batch)
      : (batch: readonly unknown[]) => store.insertExchanges(batch as readonly Exchange[]);
    this.recorder = new ExchangeRecorder<unknown>(
      write,
      {
        flushMs: config.recorder.flush_ms,
        maxBatch: config.recorder.max_batch,
        maxQueue: config.recorder.max_queue,
        onError: (err, n) => log.error({ err: (err as Error).message, exchanges: n }, 'recording failed; will retry'),
        onReduced: (n, err) => {
          metrics.recorderReduced.inc(n);
          log.warn({ err: (err as Error).message, exchanges: n }, 'exchange stored without its texts: the store refused it whole');
        },
        onDropped: (reason, n, err) => {
          metrics.recorderDropped.inc({ reason }, n);
          log.error({ reason, exchanges: n, err: err instanceof Error ? err.message : undefined }, 'exchanges not recorded');
        },
      },
      queued ?? undefined,
    );
    const metrics = new GatewayMetrics(() => this.recorder.depth, options.processMetrics ?? true);
    const perMinute = config.auth.anonymous_records_per_minute;
    this.anonymousLimit = { ratePerSecond: perMinute / 60, capacity: perMinute };
    const pool = {
      timeoutMs: config.upstream.timeout_ms,
      connectTimeoutMs: config.upstream.connect_timeout_ms,
      connections: config.upstream.connections,
    };
    this.core = new GatewayCore({
      openai: new Upstream(config.upstream.url, pool),
      anthropic: config.upstream.anthropic_url ? new Upstream(config.upstream.anthropic_url, pool) : null,
      openaiApiKey: config.upstream.api_key,
      anthropicApiKey: config.upstream.anthropic_api_key,
      recorder: this.recorder,
      metrics,
      log,
      guard: options.guard ?? allowAll,
      tap: options.tap ?? noTap,
      timeoutMs: config.upstream.timeout_ms,
      tokens: new TokenCountWorker(),
      recordFilter: recordFilterFor(config.privacy.mode),
    });
    this.keys = new KeyCache(store, {
      ttlMs: config.auth.cache_ttl_ms,
      negativeTtlMs: config.auth.negative_ttl_ms,
      maxEntries: config.auth.max_cached_keys,
      maxKeyLength: config.auth.max_key_length,
    });
    this.app = Fastify({
      loggerInstance: log as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
      // Requests log through the gateway's own logger: a pino child per request costs every request for logs that
      // request logging (off) and the routes (which log with the exchange's account) do not use.
      childLoggerFactory: (logger) => logger,
      bodyLimit: config.server.body_limit,
      trustProxy: config.server.trust_proxy,
      forceCloseConnections: 'idle',
      // While stopping we still serve (and record) what arrives on open connections, telling clients to reconnect.
      return503OnClosing: false,
      serverFactory: serverServing(() => this.fastPath),
      ...requestTimeouts(config.server),
    });
    this.admin =
      config.server.admin_port === undefined
        ? this.app
        : Fastify({
            loggerInstance: log as FastifyBaseLogger,
            logController: new LogController({ disableRequestLogging: true }),
            bodyLimit: 1024 * 1024,
            forceCloseConnections: true,
            ...requestTimeouts(config.server),
          });
    this.routes();
  }

  /** Installs the request guard (enforcement); `allowAll` removes it. */
  setGuard(guard: RequestGuard): void {
    this.core.guard = guard;
  }

  /** Installs the exchange tap (online detection); `noTap` removes it. */
  setTap(tap: ExchangeTap): void {
    this.core.tap = tap;
  }

  /** What the recorder keeps: `full`, or `signals` (text only for the accounts a filter set here calls flagged). */
  get privacyMode(): PrivacyMode {
    return this.options.config.privacy.mode;
  }

  /** Installs what the recorder stores of each exchange (online enforcement: full text for flagged accounts). */
  setRecordFilter(filter: RecordFilter): void {
    this.core.recordFilter = filter;
  }

  get metrics(): GatewayMetrics {
    return this.core.metrics;
  }

  private routes(): void {
    const app = this.app;
    const core = this.core;
    const { server } = this.options.config;
    const limits: BodyLimits = { maxDepth: server.max_body_depth, maxN: server.max_n, maxOutputTokens: server.max_output_tokens };
    app.decorateRequest('hw', null);
    app.addHook('onRequest', setSecurityHeaders);
    if (this.admin !== app) this.admin.addHook('onRequest', setSecurityHeaders);
    // Every route's body goes through here: media type, UTF-8, nesting depth and bounds before anything else reads it.
    app.removeAllContentTypeParsers();
    // Large bodies are decoded and parsed in a thread; the answer, refusals included, is the same.
    const offLoopBytes = this.options.bodyParseThread === false ? Infinity : OFF_LOOP_BODY_BYTES;
    const parseBody: FastifyBodyParser<Buffer> = (req, raw, done) => {
      try {
        checkMediaType(req.headers['content-type']);
        if (raw.length < offLoopBytes) return done(null, { raw, json: parseJsonBody(raw, limits) });
      } catch (err) {
        return done(err as Error, undefined);
      }
      this.bodies.parse(raw, limits).then(
        (json) => done(null, { raw, json }),
        (err: Error) => done(err, undefined),
      );
    };
    // The same parser under the JSON type by name: fastify caches the parser of a named type per Content-Type value,
    // while a request matched only by '*' has its Content-Type header parsed again every time.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseBody);
    app.addContentTypeParser('*', { parseAs: 'buffer' }, parseBody);

    const trustEdge = this.options.config.server.trust_proxy !== false;
    const refuse = (method: string, url: string, headers: IncomingHttpHeaders, reply: ClientReply, start: ExchangeStart, secret: string | null) => {
      const message = secret === null ? 'missing API key (Authorization: Bearer KEY or x-api-key: KEY)' : 'invalid API key';
      if (method === 'POST' && this.anonymousRecords.take('', this.anonymousLimit, Date.now()).allowed) {
        core.deny(reply, styleOf(url), start, { account: ANONYMOUS_ACCOUNT }, 'unknown', {}, 401, message, 'auth');
      } else {
        if (method === 'POST') this.countUnrecordedAuthFailure();
        core.metrics.denials.inc({ reason: 'auth' });
        core.sendError(reply, typeof headers['anthropic-version'] === 'string' ? 'anthropic' : 'openai', 401, message);
      }
    };
    /** A request's arrival: its time and client (its key comes with `checkKey`). */
    const arrive = (url: string, headers: IncomingHttpHeaders, ip: string | undefined, res: ServerResponse): RequestState => {
      const start: ExchangeStart = {
        arrivedAt: Date.now(),
        t0: performance.now(),
        ip: clientIp(ip),
        userAgent: headers['user-agent'],
        endpoint: endpointOfPath(url),
      };
      if (trustEdge) {
        const fp = headers['x-hydrawatch-client-fp'];
        const path = headers['x-hydrawatch-access-path'];
        if (typeof fp === 'string') start.clientFp = fp;
        if (typeof path === 'string') start.accessPath = path;
        const eventTime = this.options.trustEventTime ? headers['x-hydrawatch-event-time'] : undefined;
        if (typeof eventTime === 'string') {
          const t = Date.parse(eventTime);
          if (Number.isFinite(t)) start.arrivedAt = t;
        }
      }
      if (this.closing) res.shouldKeepAlive = false;
      return { start, key: null };
    };
    /** Verifies the presented key into `state` and calls `admitted`; a refusal is answered (and recorded) here. */
    const checkKey = (
      state: RequestState,
      method: string,
      url: string,
      headers: IncomingHttpHeaders,
      reply: ClientReply,
      admitted: () => void,
      failed: (err: Error) => void,
    ): void => {
      const secret = presentedKey(headers);
      const cached = secret === null ? null : this.keys.cached(secret);
      if (cached !== undefined) return settleKey(cached, state, secret, method, url, headers, reply, admitted);
      this.keys.resolve(secret!).then((key) => settleKey(key, state, secret, method, url, headers, reply, admitted), failed);
    };
    // One function for every request rather than a closure per request (see relayed-fast-path.ts on named closures).
    const settleKey = (
      key: VerifiedKey | null,
      state: RequestState,
      secret: string | null,
      method: string,
      url: string,
      headers: IncomingHttpHeaders,
      reply: ClientReply,
      admitted: () => void,
    ): void => {
      if (key === null) return refuse(method, url, headers, reply, state.start, secret);
      state.key = key;
      admitted();
    };
    // A callback hook, not an async one: a cached key (nearly every request) costs no promise.
    const authenticate = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const state = arrive(req.url, req.headers, req.ip, reply.raw);
      req.hw = state;
      checkKey(state, req.method, req.url, req.headers, reply, done, done);
    };

    const handlers = new Map<string, (req: RelayedRequest, res: ServerResponse) => Promise<void>>();
    for (const route of RELAYED_ROUTES) {
      const handle = completionHandler(core, route);
      handlers.set(route.path, handle);
      app.post(route.path, { onRequest: authenticate }, (req, reply) => {
        reply.hijack();
        return handle({ state: req.hw!, headers: req.headers, received: req.body as ReceivedBody | undefined }, reply.raw);
      });
    }
    // Ordinary requests to those routes skip fastify (relayed-fast-path.ts); behind a trusted proxy the client address
    // is fastify's to work out, so all go through it.
    this.fastPath =
      trustEdge || this.options.relayFastPath === false
        ? null
        : relayedFastPath({
            handlers,
            limits,
            maxBodyBytes: Math.min(offLoopBytes, server.body_limit + 1),
            admit: (req, res, admitted, failed) => {
              const state = arrive(req.url!, req.headers, req.socket.remoteAddress, res);
              checkKey(state, 'POST', req.url!, req.headers, res, admitted, failed);
              return state;
            },
            fail: (err, url, state, res) => this.failed(err, 'POST', url, state, res),
          });
    app.post(COUNT_TOKENS_PATH, { onRequest: authenticate }, countTokensHandler(core));
    app.get('/v1/models', { onRequest: authenticate }, modelsHandler(core));
    app.get('/healthz', async () => ({ status: 'ok' }));
    if (this.admin !== app) this.admin.get('/healthz', async () => ({ status: 'ok' }));
    this.admin.get('/metrics', async (_req, reply) => {
      reply.header('content-type', core.metrics.registry.contentType);
      return core.metrics.registry.metrics();
    });

    app.setNotFoundHandler((req, reply) => {
      core.sendError(reply, styleOf(req.url), 404, `no route ${req.method} ${req.url.split('?')[0]}`);
    });
    app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => this.failed(err, req.method, req.url, req.hw, reply));
  }

  /** Answers (and, for a POST that arrived, records) a request that failed outside its route's handler. */
  private failed(err: Error & { statusCode?: number; code?: string }, method: string, url: string, state: RequestState | null, reply: ClientReply): void {
    const core = this.core;
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    const style = styleOf(url);
    let message = err.message;
    let reason = 'error';
    if (status === 413) {
      message = `request body is larger than the limit of ${this.options.config.server.body_limit} bytes`;
      reason = 'body_too_large';
    } else if (err instanceof BodyRejection) reason = err.reason;
    else if (status === 400) reason = 'malformed_json';
    else if (status >= 500) {
      core.log.error({ err: err.message, code: err.code, url }, 'gateway error');
      message = 'internal gateway error';
    }
    if (state && method === 'POST') {
      const who = state.key ? whoOfKey(state.key) : { account: ANONYMOUS_ACCOUNT };
      core.deny(reply, style, state.start, who, 'unknown', {}, status, message, reason);
    } else core.sendError(reply, style, status, message);
  }

  /**
   * Requests with no or an unknown key are recorded as `anonymous` exchanges up to `auth.anonymous_records_per_minute`;
   * beyond that they are refused just the same but only counted, with one log line a minute saying how many.
   */
  private countUnrecordedAuthFailure(): void {
    this.core.metrics.unrecordedAuthFailures.inc();
    this.unrecordedSinceLog++;
    const now = Date.now();
    if (now - this.lastUnrecordedLog >= 60_000) {
      this.core.log.warn({ requests: this.unrecordedSinceLog }, 'requests with unknown keys refused but not recorded (over auth.anonymous_records_per_minute)');
      this.unrecordedSinceLog = 0;
      this.lastUnrecordedLog = now;
    }
  }

  /** Writes every finished exchange now (those still being token-counted included), e.g. before reading the store. */
  async flush(): Promise<void> {
    await this.core.drain();
    await this.recorder.flush();
  }

  /** Starts listening (and the admin listener when configured); resolves to the base URL (e.g. http://127.0.0.1:8080). */
  async listen(): Promise<string> {
    const { host, port, admin_host: adminHost, admin_port: adminPort } = this.options.config.server;
    this.bodies.start();
    await Promise.all([this.core.tokens.start(), this.options.store.startExchangeWrites?.()]);
    this.address = await listenOn(this.app, host, port);
    if (this.admin !== this.app) this.adminAddress = await listenOn(this.admin, adminHost, adminPort ?? 0);
    const { retention } = this.options;
    if (retention?.active && this.stopRetention === null) {
      const log = this.core.log;
      this.stopRetention = retention.start(
        this.options.config.retention.purge_interval_ms,
        (r) => log.info({ deleted: r.deleted, reduced: r.reduced }, 'retention purge'),
        (err) => log.error({ err: (err as Error).message }, 'retention purge failed'),
      );
    }
    return this.address;
  }

  get url(): string {
    if (this.address === null) throw new Error('gateway is not listening');
    return this.address;
  }

  /** Base URL of `/metrics` and the admin API: the public one unless `server.admin_port` is set. */
  get adminUrl(): string {
    if (this.admin === this.app) return this.url;
    if (this.adminAddress === null) throw new Error('gateway is not listening');
    return this.adminAddress;
  }

  /**
   * Graceful stop: stop accepting connections, finish the exchanges in flight (answering what still arrives on open
   * connections with `Connection: close`), then write every recorded exchange. Streams still open after `graceMs`
   * are cut (and recorded as such).
   */
  async close(graceMs = 30_000): Promise<void> {
    this.closing = true;
    this.stopRetention?.();
    const server = this.app.server;
    const idle = setInterval(() => server.closeIdleConnections(), 25);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    try {
      await this.app.close();
    } finally {
      clearInterval(idle);
      clearTimeout(cut);
    }
    if (this.admin !== this.app) await this.admin.close();
    await this.core.drain();
    await this.recorder.close();
    await Promise.all([this.core.openai.close(), this.core.anthropic?.close(), this.core.tokens.close(), this.bodies.close()]);
  }
}

async function listenOn(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
}
