/**
 * Sends a whole answer straight on the Node response, past fastify's reply machinery (serialiser lookup, onSend
 * hooks, header copying), which cost the event loop more per relayed JSON answer than writing it does. The headers
 * already set on the raw response (security-headers.ts) go out with it.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** A reply to write on: fastify's (hijacked first) or the Node response itself (relayed-fast-path.ts). */
export type ClientReply = FastifyReply | ServerResponse;

/** The Node response of a reply, taken from fastify when it is fastify's. */
export function rawResponse(reply: ClientReply): ServerResponse {
  if ('hijack' in reply) {
    reply.hijack();
    return reply.raw;
  }
  return reply;
}

export function sendRaw(reply: ClientReply, status: number, contentType: string, body: Buffer | string, headers?: Record<string, string>): void {
  const res = rawResponse(reply);
  if (res.headersSent || res.destroyed) return;
  if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, { 'content-type': contentType, 'content-length': length });
  res.end(body);
}
