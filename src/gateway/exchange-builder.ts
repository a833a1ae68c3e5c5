/**
 * Turns what the gateway saw of one request (who, from where, what was asked, what came back or why it was refused)
 * into an `Exchange` line of the log (docs/formats.md, exchange log). Token counts come from the upstream's `usage`
 * and are counted with gpt-tokenizer when it reported none (`tokenCountJobFor` says what to count, off the event loop).
 */
import type { Exchange, ExchangeResponse } from '../exchange/exchange.js';
import type { VerifiedKey } from '../store/store.js';
import { normalizeRequest } from '../exchange/normalize.js';
import { exchangeId } from './exchange-id.js';
import type { RelayedStream } from './recorded-stream.js';
import type { ResponseSummary } from './response-summary.js';
import { countJob, tokenCountJob, type TokenCountJob, type TokenCounts } from './token-count.js';

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

/** Who sent a request with a verified key, as its exchange records it. */
export function whoOfKey(key: VerifiedKey): ExchangeWho {
  return { account: key.account.id, org: key.account.org, keyId: key.keyId };
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
  /**
   * A stream relayed byte for byte, as the upstream sent it, with the request: `summary` is read from it off the
   * event loop when the exchange is recorded.
   */
  stream?: RelayedStream;
}

/** What must be counted because the upstream reported no `usage` for it; null when nothing must. */
export function tokenCountJobFor(request: Record<string, unknown>, endpoint: string, outcome: ExchangeOutcome): TokenCountJob | null {
  const s = outcome.summary;
  if (!s || (s.inputTokens !== undefined && s.outputTokens !== undefined)) return null;
  let prompt: string[] = [];
  if (s.inputTokens === undefined) {
    const normalized = normalizeRequest(request, endpoint);
    prompt = [normalized.system, ...normalized.turns.map((t) => t.text)];
  }
  const output = s.outputTokens === undefined;
  return tokenCountJob(prompt, output ? s.text : '', output ? s.reasoning : '');
}

/** `counted`: the result of `tokenCountJobFor`'s job; counted here, on the caller's thread, when not given. */
export function buildExchange(
  start: ExchangeStart,
  who: ExchangeWho,
  model: string,
  request: Record<string, unknown>,
  outcome: ExchangeOutcome,
  now: number,
  counted?: TokenCounts,
): Exchange {
  const response: ExchangeResponse = { status: outcome.status };
  const s = outcome.summary;
  const job = s && !counted ? tokenCountJobFor(request, start.endpoint, outcome) : null;
  const n = counted ?? (job ? countJob(job) : { input: 0, text: 0, reasoning: 0 });
  if (s?.embeddings !== undefined) {
    // An embedding has no text: what is kept is how much was embedded (inputs and their tokens) and into what.
    response.embeddings = s.embeddings;
    if (s.dimensions !== undefined) response.dimensions = s.dimensions;
    response.input_tokens = s.inputTokens ?? n.input;
    response.output_tokens = 0;
  } else if (s) {
    response.text = s.text;
    if (s.reasoning) response.reasoning = s.reasoning;
    response.tool_calls = s.toolCalls;
    response.input_tokens = s.inputTokens ?? n.input;
    response.output_tokens = s.outputTokens ?? n.text + n.reasoning;
    if (s.reasoningTokens !== undefined) response.reasoning_tokens = s.reasoningTokens;
    else if (s.reasoning && s.outputTokens === undefined) response.reasoning_tokens = n.reasoning;
    response.finish_reason = s.finishReason;
  }
  response.latency_ms = Math.round((now - start.t0) * 100) / 100;
  if (outcome.error !== undefined) response.error = outcome.error;
  if (outcome.denied !== undefined) response.denied = outcome.denied;
  if (outcome.streamed) response.streamed = true;
  const ex: Exchange = {
    id: exchangeId(),
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
