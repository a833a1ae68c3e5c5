/**
 * Privacy mode of the recorder (`privacy.mode: signals`): for accounts that are not flagged, the stored exchange
 * keeps who, when, from where and how (metadata, sampling parameters, token counts) plus the per-exchange signals
 * and template fingerprints detection needs, but no prompt, system prompt, tool payload or answer text. Flagged
 * accounts keep their full text as evidence. The same reduction is what retention applies to old exchanges.
 */
import type { Exchange } from '../exchange/exchange.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { extractSignals } from '../signals/extract.js';
import { toolSchemaFingerprint } from '../signals/tool-schema.js';

export type PrivacyMode = 'full' | 'signals';

/** What the recorder stores of an exchange the gateway finished. */
export type RecordFilter = (exchange: Exchange) => Exchange;

export const keepEverything: RecordFilter = (exchange) => exchange;

/** Marker on a reduced exchange (`privacy: "signals"`), so readers know its text was removed on purpose. */
export const SIGNALS_ONLY = 'signals';

/** Response fields that hold generated text. */
const RESPONSE_TEXT_FIELDS = new Set(['text', 'reasoning']);

/** Request parameters that are settings, not content, even though they are strings (`user`, an end-user id, is not kept). */
const REQUEST_SETTINGS = new Set(['model', 'reasoning_effort', 'service_tier', 'tool_choice']);

const sketchText = (sketch: Uint32Array | null): string | null =>
  sketch === null ? null : Buffer.from(sketch.buffer, sketch.byteOffset, sketch.byteLength).toString('base64');

/**
 * The exchange without its text: top-level request settings (numbers, booleans, the model and a few named string
 * settings) are kept, content (`messages`, `system`, `input`, `prompt`, `tools`, ...) is replaced by its signals:
 * classifier scores, capability, request shape, tool names, the tool-schema fingerprint and the keyed MinHash sketches of the prompt template and
 * system prompt (base64 of little-endian uint32). Idempotent.
 */
export function signalsOnly(exchange: Exchange): Exchange {
  const record = exchange as Exchange & { privacy?: unknown };
  if (record.privacy === SIGNALS_ONLY) return exchange;
  const normalized = normalizeExchange(exchange);
  const s = extractSignals(exchange, normalized);
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exchange.request)) {
    const setting = typeof value === 'number' || typeof value === 'boolean' || value === null;
    if (setting || (typeof value === 'string' && REQUEST_SETTINGS.has(key) && value.length <= 200)) request[key] = value;
  }
  const response: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exchange.response)) if (!RESPONSE_TEXT_FIELDS.has(key)) response[key] = value;
  if (typeof exchange.response.text === 'string') response.text_chars = exchange.response.text.length;
  if (typeof exchange.response.reasoning === 'string') response.reasoning_chars = exchange.response.reasoning.length;
  return {
    ...exchange,
    request,
    response: response as Exchange['response'],
    privacy: SIGNALS_ONLY,
    signals: {
      cot: s.cot,
      trace_reconstruction: s.traceReconstruction,
      thinking_language: s.thinkingLanguage,
      grading: s.grading,
      censorship_rewrite: s.censorshipRewrite,
      capability: s.capability,
      shape: s.shape,
      tool_names: normalized.toolNames,
      tool_schema: toolSchemaFingerprint(exchange.request['tools']),
      prompt_sketch: sketchText(s.promptSketch),
      system_sketch: sketchText(s.systemSketch),
    },
  } as Exchange;
}

/**
 * The recorder's filter for a privacy mode: `full` keeps everything; `signals` keeps full text only for accounts
 * `isFlagged` names (a verdict other than benign, or a decision in force), and reduces every other exchange.
 */
export function recordFilterFor(mode: PrivacyMode, isFlagged: (account: string) => boolean = () => false): RecordFilter {
  if (mode === 'full') return keepEverything;
  return (exchange) => {
    if (isFlagged(exchange.account)) return exchange;
    try {
      return signalsOnly(exchange);
    } catch {
      // Signals could not be extracted from this body: keep the exchange's facts and drop its content all the same.
      const { status, input_tokens, output_tokens, latency_ms, error } = exchange.response;
      return { ...exchange, request: {}, response: { status, input_tokens, output_tokens, latency_ms, error }, privacy: SIGNALS_ONLY, signals: null } as Exchange;
    }
  };
}
