/**
 * The gateway's two extension points, both no-ops by default, so detection and enforcement plug in without the
 * gateway knowing about them: a request guard consulted before forwarding (allow, deny, or allow with a rewritten
 * request and/or a response transform), and an exchange tap told about every exchange once it is recorded.
 */
import type { Account } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import type { NormalizedRequest } from '../exchange/normalize.js';
import type { StreamEvent } from './sse.js';

/** The relayed APIs, named as the exchange log's `endpoint`. */
export type GatewayEndpoint = 'chat.completions' | 'messages' | 'responses' | 'completions' | 'embeddings';

export interface GuardContext {
  account: Account;
  keyId: string;
  ip: string;
  userAgent: string | undefined;
  model: string;
  endpoint: GatewayEndpoint;
  /** Epoch ms the request arrived (the exchange's `ts`; a trusted replay may set it to the original event time). */
  arrivedAt: number;
  /** The request body as the client sent it (do not mutate; return `request` in the result to rewrite it). */
  body: Record<string, unknown>;
  /** The normalised request (computed on first access). */
  readonly normalized: NormalizedRequest;
}

/**
 * Rewrites what the client receives, in the client's API shape (the OpenAI body or typed events of the endpoint
 * called, Anthropic for messages). `json` gets a whole non-streamed body; `stream` is called once per streamed response and returns a
 * stateful function from each event to the events to send instead (none, one or several).
 */
export interface ResponseTransform {
  json?: (body: Record<string, unknown>) => Record<string, unknown>;
  stream?: () => StreamTransform;
}

/**
 * A per-stream rewriter: a function from each event to the events to send instead, or an object that can also
 * emit events when the upstream stream ends (for transforms that hold text back, e.g. a streaming watermark).
 */
export type StreamTransform =
  | ((event: StreamEvent) => StreamEvent[])
  | { push(event: StreamEvent): StreamEvent[]; end?(): StreamEvent[] };

export type GuardResult =
  | {
      action: 'allow';
      /** Replacement request body to forward (e.g. capped max_tokens); the recorded request stays the client's. */
      request?: Record<string, unknown>;
      transform?: ResponseTransform;
    }
  | {
      action: 'deny';
      /** e.g. 403 blocked or region-restricted, 429 throttled. */
      status: number;
      message: string;
      /** Label for metrics and the exchange log, e.g. 'blocked', 'throttled', 'region'. */
      reason: string;
      /** Extra response headers, e.g. retry-after. */
      headers?: Record<string, string>;
      /** The error body to send instead of the default one, in the client's API shape (e.g. with a verification link). */
      body?: Record<string, unknown>;
    };

export type RequestGuard = (ctx: GuardContext) => GuardResult | Promise<GuardResult>;
export type ExchangeTap = (exchange: Exchange) => void;

export const ALLOW: GuardResult = Object.freeze({ action: 'allow' });
export const allowAll: RequestGuard = () => ALLOW;
export const noTap: ExchangeTap = () => {};
