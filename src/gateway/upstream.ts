/**
 * The connection pool to one upstream (OpenAI- or Anthropic-compatible base URL, e.g. http://127.0.0.1:8000/v1),
 * and the mapping of its failures to the gateway's answers: unreachable 502, timed out 504, a body that is not JSON.
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { asRequestSignal, type HangUpSignal } from './hang-up-signal.js';
import { pacedBody } from './paced-body.js';

export interface UpstreamOptions {
  timeoutMs: number;
  connectTimeoutMs: number;
  connections: number;
}

export interface UpstreamFailure {
  status: 502 | 504;
  message: string;
}

export class Upstream {
  readonly pool: Pool;
  /** Path prefix of the base URL, without trailing slash ('/v1'). */
  readonly basePath: string;

  constructor(baseUrl: string, options: UpstreamOptions) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.connectTimeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  request(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
    signal?: AbortSignal | HangUpSignal,
  ): Promise<Dispatcher.ResponseData> {
    const abort = signal === undefined ? null : signal instanceof AbortSignal ? signal : asRequestSignal(signal);
    if (body === undefined) return this.pool.request({ method, path: this.basePath + path, headers, signal: abort });
    // Large bodies go out in slices, one per turn of the event loop (paced-body.ts).
    const paced = pacedBody(body);
    const sent = paced.contentLength === undefined ? headers : { ...headers, 'content-length': String(paced.contentLength) };
    return this.pool.request({ method, path: this.basePath + path, headers: sent, body: paced.body, signal: abort });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** What to tell the client about an upstream error. */
export function upstreamFailure(err: unknown): UpstreamFailure {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return { status: 504, message: 'the upstream model server did not answer in time' };
  const detail = code || (err instanceof Error ? err.message : 'error');
  return { status: 502, message: `the upstream model server is unreachable (${detail})` };
}

/** What to tell the client about an upstream body that is not JSON (a proxy's HTML error page, plain text). */
export function nonJsonBodyMessage(status: number, contentType: string, raw: Buffer): string {
  const text = raw
    .subarray(0, 2000)
    .toString('utf8')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const snippet = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return `the upstream answered ${status} with a body that is not JSON (${contentType})${snippet ? `: ${snippet}` : ''}`;
}

/** The parsed JSON of an upstream body, or undefined when it is not JSON. */
export function parseUpstreamJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
