/**
 * What the exchange log keeps of an OpenAI Responses API answer, whole or streamed: the text of its message items,
 * the reasoning of its reasoning items (raw reasoning text where the server sends it, else the reasoning summaries),
 * the number of tool calls (function, web search, code interpreter, ... items), token usage and how it ended.
 */
import { emptySummary, type ResponseSummary } from './response-summary.js';
import type { StreamEvent } from './sse.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** Output items that are the model calling a tool: `function_call`, `web_search_call`, `computer_call`, ... */
const isToolCall = (type: unknown): boolean => typeof type === 'string' && type.endsWith('_call');

const textsOf = (parts: unknown, type: string): string[] =>
  Array.isArray(parts) ? parts.filter((p): p is Json => isObject(p) && p.type === type && typeof p.text === 'string').map((p) => p.text as string) : [];

/** `completed`, or why the response stopped early (`max_output_tokens`, `content_filter`), or `failed`. */
function endOf(response: Json): string | null {
  if (response.status === 'incomplete' && isObject(response.incomplete_details) && typeof response.incomplete_details.reason === 'string') {
    return response.incomplete_details.reason;
  }
  return typeof response.status === 'string' ? response.status : null;
}

function readUsage(usage: unknown, into: ResponseSummary): void {
  if (!isObject(usage)) return;
  into.inputTokens = int(usage.input_tokens) ?? into.inputTokens;
  into.outputTokens = int(usage.output_tokens) ?? into.outputTokens;
  if (isObject(usage.output_tokens_details)) into.reasoningTokens = int(usage.output_tokens_details.reasoning_tokens) ?? into.reasoningTokens;
}

/** Summary of a Responses API `response` object (a non-streamed body, or the one in `response.completed`). */
export function summarizeResponse(body: unknown): ResponseSummary {
  const out = emptySummary();
  if (!isObject(body)) return out;
  const texts: string[] = [];
  const reasonings: string[] = [];
  for (const item of Array.isArray(body.output) ? body.output : []) {
    if (!isObject(item)) continue;
    if (item.type === 'message') texts.push(textsOf(item.content, 'output_text').join(''));
    else if (item.type === 'reasoning') {
      const raw = textsOf(item.content, 'reasoning_text').join('');
      reasonings.push(raw || textsOf(item.summary, 'summary_text').join('\n\n'));
    } else if (isToolCall(item.type)) out.toolCalls++;
  }
  out.text = texts.filter(Boolean).join('\n\n');
  out.reasoning = reasonings.filter(Boolean).join('\n\n');
  out.finishReason = endOf(body);
  readUsage(body.usage, out);
  return out;
}

/**
 * Accumulates a streamed Responses answer from its typed events: text and reasoning from the deltas (what the
 * client was actually sent, also when the stream breaks off), usage, tool calls and the end from the final
 * `response.completed` / `response.incomplete` / `response.failed` event.
 */
export class ResponsesStreamSummary {
  /** Pieces by output index (sparse arrays, as output indexes are small and dense). */
  private readonly texts: string[][] = [];
  private readonly rawReasoning: string[][] = [];
  private readonly summaries: string[][] = [];
  private toolItems = 0;
  private final: ResponseSummary | null = null;

  add(ev: StreamEvent): void {
    const data = ev.data;
    if (!isObject(data)) return;
    const type = data.type;
    if (type === 'response.output_text.delta') this.piece(this.texts, data);
    else if (type === 'response.reasoning_summary_text.delta') this.piece(this.summaries, data);
    else if (type === 'response.reasoning_text.delta') this.piece(this.rawReasoning, data);
    else if (type === 'response.reasoning_summary_part.added') {
      const at = int(data.output_index) ?? 0;
      if (this.summaries[at]) this.summaries[at].push('\n\n');
    } else if (type === 'response.output_item.added') {
      if (isObject(data.item) && isToolCall(data.item.type)) this.toolItems++;
    } else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      this.final = summarizeResponse(data.response);
    }
  }

  private piece(into: string[][], data: Json): void {
    if (typeof data.delta === 'string') (into[int(data.output_index) ?? 0] ??= []).push(data.delta);
  }

  result(): ResponseSummary {
    const joined = (parts: string[][]) => parts.map((p) => p.join(''));
    const texts = joined(this.texts);
    const raw = joined(this.rawReasoning);
    const summaries = joined(this.summaries);
    const reasoning: string[] = [];
    for (let i = 0; i < Math.max(raw.length, summaries.length); i++) reasoning.push(raw[i] || summaries[i] || '');
    const out = this.final ? { ...this.final } : emptySummary();
    out.text = texts.filter(Boolean).join('\n\n') || out.text;
    out.reasoning = reasoning.filter(Boolean).join('\n\n') || out.reasoning;
    out.toolCalls = Math.max(out.toolCalls, this.toolItems);
    return out;
  }
}
