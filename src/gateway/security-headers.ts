/**
 * Strict response headers on everything the gateway answers (API, errors, streams, admin, metrics): no MIME
 * sniffing, no framing, no referrer, and no caching of API answers by browsers or intermediaries. Set on the raw
 * response at arrival, so hijacked streams carry them too and a route may still override one (e.g. static assets).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const HEADER_LIST = Object.entries(SECURITY_HEADERS);

/** An `onRequest` hook that sets `SECURITY_HEADERS` on the response (a callback hook: no promise per request). */
export function setSecurityHeaders(_req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  setRawSecurityHeaders(reply.raw);
  done();
}

/** Sets `SECURITY_HEADERS` on a Node response (relayed-fast-path.ts serves past fastify's hooks). */
export function setRawSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of HEADER_LIST) res.setHeader(name, value);
}
