/**
 * Redaction for a case bundle shared outside the provider: every prompt and answer text becomes its SHA-256 and
 * length, so a recipient can still tell identical texts apart and check a text it is shown later, without reading
 * any. Only the fields that name no content (the model, roles and part types) stay as they were.
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../../exchange/exchange.js';

const KEPT = new Set(['model', 'role', 'type', 'stream', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n']);

/** `[redacted sha256=<hex> chars=<n>]` for a text. */
export function redactedText(text: string): string {
  return `[redacted sha256=${createHash('sha256').update(text).digest('hex')} chars=${text.length}]`;
}

function redactValue(value: unknown, key: string | null): unknown {
  if (typeof value === 'string') return key !== null && KEPT.has(key) ? value : redactedText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, null));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  return value;
}

export function redactExchange(ex: Exchange): Exchange {
  const response = { ...ex.response };
  for (const field of ['text', 'reasoning'] as const) if (typeof response[field] === 'string') response[field] = redactedText(response[field]);
  return { ...ex, request: redactValue(ex.request, null) as Exchange['request'], response };
}
