/**
 * Reasoning withholding for the OpenAI Responses API (the `degrade` action), whole bodies and typed event streams:
 * `withhold` removes reasoning items (their summaries, raw reasoning text and encrypted content); `summarise` keeps
 * each reasoning item with one short summary in place of what it held. Messages, tool calls and usage are left as
 * they were. In streams, the remaining output items are renumbered and sequence numbers rewritten so the official
 * SDKs' stream helpers still rebuild the response.
 */
import { eventObject, type SseEvent, type SseTransform } from './sse.js';
import { summariseReasoning, type ReasoningMode } from './summary.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const textsOf = (parts: unknown): string[] =>
  Array.isArray(parts) ? parts.filter((p): p is Json => isObject(p) && typeof p.text === 'string').map((p) => p.text as string) : [];

/** The reasoning a reasoning item holds: its raw reasoning text when present, else its summaries. */
function traceOf(item: Json): string {
  return textsOf(item.content).join('') || textsOf(item.summary).join('\n\n');
}

/** The stand-in for a reasoning item in summarise mode: same id, one summary, nothing else. */
function summarisedItem(item: Json, trace: string): Json {
  return { id: item.id, type: 'reasoning', summary: [{ type: 'summary_text', text: summariseReasoning(trace) }] };
}

/** A Responses API `response` object with its reasoning items withheld or summarised. Returns a new object. */
export function withholdResponsesReasoning<T>(body: T, mode: ReasoningMode): T {
  if (!isObject(body) || !Array.isArray(body.output)) return body;
  const output: unknown[] = [];
  for (const item of body.output) {
    if (isObject(item) && item.type === 'reasoning') {
      if (mode === 'summarise') output.push(summarisedItem(item, traceOf(item)));
      continue;
    }
    output.push(item);
  }
  return { ...body, output } as T;
}

const FINAL_EVENTS = new Set(['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed', 'response.queued']);

/** Responses API event stream (response.created, response.output_item.*, response.*.delta, response.completed, ...). */
export function responsesReasoningFilter(mode: ReasoningMode): SseTransform {
  /** Upstream output index -> ours, for the items kept. */
  const renumber = new Map<number, number>();
  /** Upstream output indexes of reasoning items, with the reasoning their deltas carried. */
  const reasoning = new Map<number, { item: Json; deltas: string[] }>();
  let nextIndex = 0;
  let sequence = 0;
  const out = (type: string, body: Json): SseEvent => {
    const data = 'sequence_number' in body ? { ...body, sequence_number: sequence++ } : body;
    return { event: type, data };
  };
  return {
    push(event) {
      const body = eventObject(event.data);
      const type = body?.type;
      if (!body || typeof type !== 'string') return [event];
      const name = event.event ?? type;
      if (FINAL_EVENTS.has(type) && isObject(body.response)) {
        return [out(name, { ...body, response: withholdResponsesReasoning(body.response, mode) })];
      }
      if (typeof body.output_index !== 'number') return [out(name, body)];
      const upstream = body.output_index;
      const item = isObject(body.item) ? body.item : null;
      if (type === 'response.output_item.added') {
        if (item?.type === 'reasoning') {
          reasoning.set(upstream, { item, deltas: [] });
          if (mode === 'withhold') return [];
          renumber.set(upstream, nextIndex++);
          return [out(name, { ...body, output_index: renumber.get(upstream), item: { id: item.id, type: 'reasoning', summary: [] } })];
        }
        renumber.set(upstream, nextIndex++);
      }
      const held = reasoning.get(upstream);
      if (held) {
        if (typeof body.delta === 'string') held.deltas.push(body.delta);
        if (type !== 'response.output_item.done' || mode === 'withhold') return [];
        // Summarise: one summary part in place of everything the item streamed, then the item itself.
        const trace = (item && traceOf(item)) || traceOf(held.item) || held.deltas.join('');
        const final = summarisedItem(item ?? held.item, trace);
        const text = (final.summary as Json[])[0]!.text as string;
        const at = { item_id: final.id, output_index: renumber.get(upstream), summary_index: 0, sequence_number: 0 };
        return [
          out('response.reasoning_summary_part.added', { type: 'response.reasoning_summary_part.added', ...at, part: { type: 'summary_text', text: '' } }),
          out('response.reasoning_summary_text.delta', { type: 'response.reasoning_summary_text.delta', ...at, delta: text }),
          out('response.reasoning_summary_text.done', { type: 'response.reasoning_summary_text.done', ...at, text }),
          out('response.reasoning_summary_part.done', { type: 'response.reasoning_summary_part.done', ...at, part: { type: 'summary_text', text } }),
          out(name, { ...body, output_index: renumber.get(upstream), item: final }),
        ];
      }
      const index = renumber.get(upstream);
      return [out(name, index === undefined ? body : { ...body, output_index: index })];
    },
    end: () => [],
  };
}
