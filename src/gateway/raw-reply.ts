/**
 * Sends a whole answer straight on the Node response, past fastify's reply machinery (serialiser lookup, onSend
 * hooks, header copying), which cost the event loop more per relayed JSON answer than writing it does. The headers
 * already set on the raw response (security-headers.ts) go out with it.
 */
import type { FastifyReply } from 'fastify';

export function sendRaw(reply: FastifyReply, status: number, contentType: string, body: Buffer | string): void {
  reply.hijack();
  const res = reply.raw;
  if (res.headersSent || res.destroyed) return;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, { 'content-type': contentType, 'content-length': length });
  res.end(body);
}
