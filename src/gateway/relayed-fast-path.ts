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
    let state: RequestState | null = null;
    let admitted = false;
    let body: Buffer | null = null;
    let failed = false;
    // The body is read while the key is looked up (a cached key: at once); the handler runs when both are done.
    const proceed = () => {
      if (!admitted || body === null || failed) return;
      let json: unknown;
      try {
        json = parseJsonBody(body, o.limits);
      } catch (err) {
        return o.fail(err as Error, url, state!, res);
      }
      void handler({ state: state!, headers, received: { raw: body, json } }, res);
    };
    const fail = (err: Error & { statusCode?: number }) => {
      if (failed) return;
      failed = true;
      if (state !== null && !res.headersSent) o.fail(err, url, state, res);
    };
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = () => {
      req.off('data', onData);
      req.off('error', onError);
      if (received !== length) {
        res.setHeader('connection', 'close');
        return fail(Object.assign(new Error(LENGTH_MISMATCH), { statusCode: 400 }));
      }
      body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
      proceed();
    };
    // As fastify's body reader: an error while reading (the client went away) is a 400.
    const onError = (err: Error & { statusCode?: number }) => {
      req.off('data', onData);
      req.off('end', onEnd);
      if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
      fail(err);
    };
    state = o.admit(
      req,
      res,
      () => {
        admitted = true;
        proceed();
      },
      (err) => fail(err),
    );
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    return true;
  };
}
