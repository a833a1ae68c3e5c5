/** What the gateway attaches to each request on arrival (time, client) and after authentication (key, account). */
import type { IncomingHttpHeaders } from 'node:http';
import type { VerifiedKey } from '../store/store.js';
import type { ExchangeStart } from './exchange-builder.js';

export interface RequestState {
  start: ExchangeStart;
  key: VerifiedKey | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    hw: RequestState | null;
  }
}

/** The API key a client presented: `Authorization: Bearer KEY` or `x-api-key: KEY`. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') {
    return auth.slice(7).trim() || null;
  }
  const x = headers['x-api-key'];
  return typeof x === 'string' && x.length > 0 ? x.trim() : null;
}

/** The body as received: the raw bytes (forwarded untouched when possible) and their parsed JSON. */
export interface ReceivedBody {
  raw: Buffer;
  json: unknown;
}
