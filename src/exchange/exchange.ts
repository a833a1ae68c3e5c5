/**
 * The one data model: an exchange is one request/response pair as recorded by the gateway or read from a log
 * (docs/formats.md, exchange log). Every stage of the pipeline consumes or produces `Exchange`.
 */
import { z } from 'zod';

export const ENDPOINTS = ['chat.completions', 'messages', 'responses', 'completions', 'embeddings'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const count = z.number().int().nonnegative();

export const exchangeResponseSchema = z.looseObject({
  status: z.number().int(),
  text: z.string().optional(),
  reasoning: z.string().optional(),
  tool_calls: count.optional(),
  input_tokens: count.optional(),
  output_tokens: count.optional(),
  reasoning_tokens: count.optional(),
  finish_reason: z.string().nullable().optional(),
  latency_ms: z.number().nonnegative().optional(),
  error: z.string().optional(),
});

export const exchangeSchema = z.looseObject({
  id: z.string().min(1),
  ts: z.iso.datetime({ offset: true }),
  account: z.string().min(1),
  org: z.string().optional(),
  key: z.string().optional(),
  ip: z.union([z.ipv4(), z.ipv6()]),
  user_agent: z.string().optional(),
  client_fp: z.string().optional(),
  access_path: z.string().optional(),
  model: z.string().min(1),
  endpoint: z.string().min(1),
  request: z.record(z.string(), z.unknown()),
  response: exchangeResponseSchema,
});

export type Exchange = z.infer<typeof exchangeSchema>;
export type ExchangeResponse = z.infer<typeof exchangeResponseSchema>;

/** Milliseconds since the epoch of an exchange's `ts`. */
export function exchangeTime(exchange: Pick<Exchange, 'ts'>): number {
  return Date.parse(exchange.ts);
}

/** Time order of the contract: by `ts`, ties by `id`. */
export function compareExchanges(a: Pick<Exchange, 'ts' | 'id'>, b: Pick<Exchange, 'ts' | 'id'>): number {
  const dt = Date.parse(a.ts) - Date.parse(b.ts);
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
