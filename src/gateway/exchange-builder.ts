/**
 * Turns what the gateway saw of one request (who, from where, what was asked, what came back or why it was refused)
 * into an `Exchange` line of the log (docs/formats.md, exchange log). Token counts come from the upstream's `usage` and are
 * counted with gpt-tokenizer when it reported none.
 */
import { randomUUID } from 'node:crypto';
import type { Exchange, ExchangeResponse } from '../exchange/exchange.js';
import { normalizeRequest } from '../exchange/normalize.js';
import type { ResponseSummary } from './response-summary.js';
import { countPromptTokens, countTextTokens } from './token-count.js';

/** Anonymous requests (no or unknown key) are recorded under this account id. */
export const ANONYMOUS_ACCOUNT = 'anonymous';

export interface ExchangeStart {
  /** Epoch ms at arrival. */
  arrivedAt: number;
  /** performance.now() at arrival, for latency. */
  t0: number;
  ip: string;
  userAgent: string | undefined;
  endpoint: string;
  /** Client fingerprint and access path supplied by a trusted edge (X-Hydrawatch-Client-Fp / -Access-Path). */
  clientFp?: string | undefined;
  accessPath?: string | undefined;
}

export interface ExchangeWho {
  account: string;
  org?: string | undefined;
  keyId?: string | undefined;
}

export interface ExchangeOutcome {
  status: number;
  summary?: ResponseSummary;
  /** Why the exchange failed (upstream unreachable, timeout, reset, or the upstream's own error message). */
  error?: string;
  /** Label of the refusal when the gateway denied the request ('auth', 'invalid_request', 'blocked', ...). */
  denied?: string;
  /** Whether the response was streamed to the client. */
  streamed?: boolean;
}

export function buildExchange(
  start: ExchangeStart,
  who: ExchangeWho,
  model: string,
  request: Record<string, unknown>,
  outcome: ExchangeOutcome,
  now: number,
): Exchange {
  const response: ExchangeResponse = { status: outcome.status };
  const s = outcome.summary;
  if (s) {
    response.text = s.text;
    if (s.reasoning) response.reasoning = s.reasoning;
    response.tool_calls = s.toolCalls;
    response.input_tokens = s.inputTokens ?? countPromptTokens(normalizeRequest(request, start.endpoint));
    response.output_tokens = s.outputTokens ?? countTextTokens(s.text) + countTextTokens(s.reasoning);
    if (s.reasoningTokens !== undefined) response.reasoning_tokens = s.reasoningTokens;
    else if (s.reasoning && s.outputTokens === undefined) response.reasoning_tokens = countTextTokens(s.reasoning);
    response.finish_reason = s.finishReason;
  }
  response.latency_ms = Math.round((now - start.t0) * 100) / 100;
  if (outcome.error !== undefined) response.error = outcome.error;
  if (outcome.denied !== undefined) response.denied = outcome.denied;
  if (outcome.streamed) response.streamed = true;
  const ex: Exchange = {
    id: randomUUID(),
    ts: new Date(start.arrivedAt).toISOString(),
    account: who.account,
    ip: start.ip,
    model,
    endpoint: start.endpoint,
    request,
    response,
  };
  if (who.org !== undefined) ex.org = who.org;
  if (who.keyId !== undefined) ex.key = who.keyId;
  if (start.userAgent !== undefined) ex.user_agent = start.userAgent;
  if (start.clientFp !== undefined) ex.client_fp = start.clientFp;
  if (start.accessPath !== undefined) ex.access_path = start.accessPath;
  return ex;
}
