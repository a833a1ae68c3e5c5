/** The demo upstream's plumbing: read a request body, answer JSON, write a paced server-sent event stream. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Json = Record<string, unknown>;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface EventStream {
  /** Writes raw SSE text, then pauses `chunkDelayMs` (nothing once the client has gone). */
  send(text: string): Promise<void>;
  end(text?: string): void;
}

/** Starts an SSE response; writes stop quietly when the client hangs up. */
export function startEventStream(res: ServerResponse, chunkDelayMs: number): EventStream {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let closed = false;
  res.on('close', () => (closed = true));
  return {
    async send(text) {
      if (closed) return;
      res.write(text);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    },
    end(text) {
      if (!closed) res.end(text);
    },
  };
}

let counter = 0;

/** A fresh id with the API's prefix (`chatcmpl`, `resp`, `cmpl`, ...). */
export const demoId = (prefix: string): string => `${prefix}-demo-${(++counter).toString(36)}`;
