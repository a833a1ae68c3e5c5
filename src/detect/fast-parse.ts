/**
 * The scan's hot path for reading one log line: JSON.parse plus a hand-written check of exactly the rules of
 * `exchangeSchema` (the same regular expressions zod uses), which is several times cheaper than a zod parse. A line
 * the fast check does not accept goes through `parseExchangeLine`, which gives the error message (or accepts a
 * valid form the fast check does not cover).
 */
import { regexes } from 'zod/v4/core';
import { exchangeSchema, type Exchange } from '../exchange/exchange.js';
import { parseExchangeLine, type LineResult } from '../exchange/log-line.js';
import { dropNullOptionals } from '../exchange/null-absent.js';

const DATETIME = regexes.datetime({ offset: true });
const IPV4 = regexes.ipv4;
const IPV6 = regexes.ipv6;
const COUNT_FIELDS = ['tool_calls', 'input_tokens', 'output_tokens', 'reasoning_tokens'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
// `== null`: JSON null in an optional field means absent, as in `parseExchangeLine`; such values are removed below.
const optString = (v: unknown): boolean => v == null || typeof v === 'string';
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const OPTIONAL_TOP = ['org', 'key', 'user_agent', 'client_fp', 'access_path'] as const;
const OPTIONAL_RESPONSE = ['text', 'reasoning', 'error', 'finish_reason', 'latency_ms', ...COUNT_FIELDS] as const;
/** JSON.parse keeps an own `__proto__` key that the schema drops; such a line takes the validating path. */
const hasProtoKey = (v: Json): boolean => Object.hasOwn(v, '__proto__');

/** The value as an Exchange when it certainly satisfies `exchangeSchema`; null when unsure. */
export function fastExchange(v: unknown): Exchange | null {
  if (!isObject(v)) return null;
  if (!isNonEmpty(v.id) || !isNonEmpty(v.account) || !isNonEmpty(v.model) || !isNonEmpty(v.endpoint)) return null;
  if (typeof v.ts !== 'string' || !DATETIME.test(v.ts)) return null;
  if (typeof v.ip !== 'string' || !(IPV4.test(v.ip) || (v.ip.includes(':') && IPV6.test(v.ip)))) return null;
  if (!optString(v.org) || !optString(v.key) || !optString(v.user_agent) || !optString(v.client_fp) || !optString(v.access_path)) return null;
  if (!isObject(v.request)) return null;
  const r = v.response;
  if (!isObject(r) || typeof r.status !== 'number' || !Number.isInteger(r.status)) return null;
  if (hasProtoKey(v) || hasProtoKey(v.request) || hasProtoKey(r)) return null;
  for (const f of COUNT_FIELDS) if (r[f] != null && !isCount(r[f])) return null;
  if (!optString(r.text) || !optString(r.reasoning) || !optString(r.error) || !optString(r.finish_reason)) return null;
  if (r.latency_ms != null && !(typeof r.latency_ms === 'number' && r.latency_ms >= 0 && Number.isFinite(r.latency_ms))) return null;
  // Nulls are rare; the common line skips the deletion.
  if (OPTIONAL_TOP.some((k) => v[k] === null) || OPTIONAL_RESPONSE.some((k) => r[k] === null)) dropNullOptionals(v, exchangeSchema);
  return v as Exchange;
}

/** Same result as `parseExchangeLine`, faster for the common valid line. */
export function parseLogLine(text: string, line: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseExchangeLine(text, line);
  }
  const ex = fastExchange(value);
  return ex ? { ok: true, exchange: ex } : parseExchangeLine(text, line);
}

/** Positions of the digits in the common form of `ts`, YYYY-MM-DDTHH:MM:SS.sssZ. */
const TS_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The decimal number of `len` digits at `i` of `s`. */
function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
}

/**
 * `Date.parse(ts)`, cheaper for the common form (the simulator's and the gateway's, `toISOString`'s). Anything else
 * goes to `Date.parse`: other forms, a year before 100 (which `Date.UTC` would move to the 1900s), and fields that
 * `Date.UTC` would carry over instead of rejecting (a day past the 28th is simply left to it).
 */
export function timeOf(ts: string): number {
  if (ts.length !== 24 || ts.charCodeAt(23) !== 90 || ts.charCodeAt(19) !== 46 || ts.charCodeAt(10) !== 84) return Date.parse(ts);
  if (ts.charCodeAt(4) !== 45 || ts.charCodeAt(7) !== 45 || ts.charCodeAt(13) !== 58 || ts.charCodeAt(16) !== 58) return Date.parse(ts);
  for (const i of TS_DIGITS) {
    const c = ts.charCodeAt(i);
    if (c < 48 || c > 57) return Date.parse(ts);
  }
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const hour = digits(ts, 11, 2);
  const minute = digits(ts, 14, 2);
  const second = digits(ts, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(ts);
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(ts, 20, 3));
}
