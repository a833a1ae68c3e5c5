/**
 * The safe form of an exchange the store refused (e.g. a body too deeply nested to serialise): who, when, from
 * where, which model and how it ended, without the request and response texts, so the evidence that the exchange
 * happened survives whatever the client sent.
 */
import type { Exchange, ExchangeResponse } from '../exchange/exchange.js';

/** Longest string kept from the identifying fields (user agents, model names) of a reduced exchange. */
const MAX_FIELD = 512;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, MAX_FIELD) : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Copies only primitives, each type-checked, so building it cannot fail on hostile input. The request becomes `{}`;
 * `recorder_note` says why and what was dropped.
 */
export function reducedExchange(ex: Exchange, reason: unknown): Exchange {
  const r = ex.response ?? { status: 0 };
  const response: ExchangeResponse = { status: count(r.status) ?? 0 };
  for (const field of ['input_tokens', 'output_tokens', 'reasoning_tokens', 'tool_calls', 'latency_ms'] as const) {
    const n = count(r[field]);
    if (n !== undefined) response[field] = n;
  }
  const finish = text(r.finish_reason);
  if (finish !== undefined) response.finish_reason = finish;
  const error = text(r.error);
  if (error !== undefined) response.error = error;
  const denied = text(r.denied);
  if (denied !== undefined) response.denied = denied;
  if (r.streamed === true) response.streamed = true;
  const why = reason instanceof Error ? reason.message : String(reason);
  const out: Exchange & { recorder_note: string } = {
    id: text(ex.id) ?? 'unknown',
    ts: text(ex.ts) ?? new Date(0).toISOString(),
    account: text(ex.account) ?? 'unknown',
    ip: text(ex.ip) ?? '0.0.0.0',
    model: text(ex.model) ?? 'unknown',
    endpoint: text(ex.endpoint) ?? 'unknown',
    request: {},
    response,
    recorder_note: `request and response texts dropped: the exchange could not be stored (${why.slice(0, 200)})`,
  };
  for (const field of ['org', 'key', 'user_agent', 'client_fp', 'access_path'] as const) {
    const v = text(ex[field]);
    if (v !== undefined) out[field] = v;
  }
  return out;
}
