/**
 * The relayed API routes' ordinary requests served straight from Node's HTTP server, past fastify's per-request
 * machinery (router, request and reply objects, hook runner, content-type parser), which cost the event loop about
 * as much per request as the rest of the relay (docs/gateway.md, Overhead, 5 Dec night). Ordinary: a POST to one
 * of the routes with a JSON body whose length is announced and small enough to parse on the event loop, from a
 * client whose address is the socket's (no `server.trust_proxy`). Every other request goes to fastify, which
 * answers it as before; for the ordinary ones this does what fastify's hooks and body parser did, in the same
 * order (security headers, authentication, body checks, the route's handler), with the same answers and records.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMediaType, parseJsonBody, type BodyLimits } from './body-limits.js';
import type { RelayedRequest } from './completion-route.js';
import type { RequestState } from './request-state.js';
import { setRawSecurityHeaders } from './security-headers.js';

export interface RelayedFastPathOptions {
  /** The handler of each relayed route by its path. */
  handlers: ReadonlyMap<string, (req: RelayedRequest, res: ServerResponse) => Promise<void>>;
  limits: BodyLimits;
  /** Bodies of this many bytes or more go to fastify (server.body_limit; or the body-parse thread's threshold). */
  maxBodyBytes: number;
  /**
   * Arrival and authentication, as fastify's `onRequest` hook does them: the request's state at once, then `admitted`
   * once its key is verified; a refused request is answered (and recorded) by it, `failed` is told an error.
   */
  admit(req: IncomingMessage, res: ServerResponse, admitted: () => void, failed: (err: Error) => void): RequestState;
  /** Answers and records a request that failed before its handler, as fastify's error handler does. */
  fail(err: Error & { statusCode?: number }, url: string, state: RequestState, res: ServerResponse): void;
}

/** Fastify's answer when the body's length differs from its Content-Length (FST_ERR_CTP_INVALID_CONTENT_LENGTH). */
const LENGTH_MISMATCH = 'Request body size did not match Content-Length';

/** Returns a request listener that serves what it can and returns false for what fastify must serve. */
export function relayedFastPath(o: RelayedFastPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return function serveRelayed(req, res) {
    if (req.method !== 'POST') return false;
    const url = req.url!;
    const q = url.indexOf('?');
    const handler = o.handlers.get(q < 0 ? url : url.slice(0, q));
    if (handler === undefined) return false;
    const { headers } = req;
    const announced = headers['content-length'];
    if (announced === undefined || headers['transfer-encoding'] !== undefined || !/^[1-9][0-9]{0,9}$/.test(announced)) return false;
    const length = Number(announced);
    if (length >= o.maxBodyBytes) return false;
    try {
      checkMediaType(headers['content-type']);
    } catch {
      return false;
    }

    setRawSecurityHeaders(res);
    const arriving = new ArrivingRequest(o, handler, req, res, url, length);
    // Listeners as inline arrows: a closure bound to a name costs a defineProperty of its name under tsx (keepNames).
    arriving.state = o.admit(
      req,
      res,
      () => arriving.admit(),
      (err) => arriving.fail(err),
    );
    req.on('data', (chunk: Buffer) => arriving.data(chunk));
    req.once('end', () => arriving.end());
    req.once('error', (err: Error) => arriving.error(err));
    return true;
  };
}

/** One request on the fast path while its key is checked and its body read; its handler runs when both are done. */
class ArrivingRequest {
  state: RequestState | null = null;
  private admitted = false;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private body: Buffer | null = null;
  /** Answered already (refused, failed) or handed to the route's handler. */
  private settled = false;

  constructor(
    private readonly o: RelayedFastPathOptions,
    private readonly handler: (req: RelayedRequest, res: ServerResponse) => Promise<void>,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly url: string,
    private readonly length: number,
  ) {}

  admit(): void {
    this.admitted = true;
    this.proceed();
  }

  data(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
  }

  end(): void {
    if (this.received !== this.length) {
      this.res.setHeader('connection', 'close');
      return this.fail(Object.assign(new Error(LENGTH_MISMATCH), { statusCode: 400 }));
    }
    this.body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received);
    this.proceed();
  }

  /** As fastify's body reader: an error while reading (the client went away) is a 400. */
  error(err: Error & { statusCode?: number }): void {
    if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
    this.fail(err);
  }

  fail(err: Error & { statusCode?: number }): void {
    if (this.settled) return;
    this.settled = true;
    if (this.state !== null && !this.res.headersSent) this.o.fail(err, this.url, this.state, this.res);
  }

  private proceed(): void {
    if (!this.admitted || this.body === null || this.settled) return;
    this.settled = true;
    let json: unknown;
    try {
      json = parseJsonBody(this.body, this.o.limits);
    } catch (err) {
      return this.o.fail(err as Error, this.url, this.state!, this.res);
    }
    void this.handler({ state: this.state!, headers: this.req.headers, received: { raw: this.body, json } }, this.res);
  }
}
