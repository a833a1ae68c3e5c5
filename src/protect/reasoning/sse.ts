/**
 * Reasoning withholding for streamed responses: a transform over parsed server-sent events (as eventsource-parser
 * yields them) that drops or summarises reasoning while passing the answer through unchanged and in order.
 *  - OpenAI chunks: `choices[].delta.reasoning_content` / `reasoning` are removed (a chunk left with nothing in it
 *    is dropped); in summarise mode the summary goes out as one reasoning delta just before the choice's answer.
 *  - Anthropic events: the content_block_start/delta/stop of `thinking` and `redacted_thinking` blocks are dropped
 *    and later block indices renumbered so the stream stays valid for the official SDKs; in summarise mode a
 *    thinking block is kept with a single summary delta in place of its thinking and signature deltas.
 */
import { summariseReasoning, type ReasoningMode } from './summary.js';

/** One event: `data` is the raw text, or the already-parsed JSON (as the gateway's own SSE reader yields it). */
export interface SseEvent {
  event?: string | undefined;
  data: unknown;
  id?: string | undefined;
}

export interface SseTransform {
  /** Events to send for one upstream event (zero, one or more). */
  push(event: SseEvent): SseEvent[];
  /** Events to send when the upstream stream ends. */
  end(): SseEvent[];
}

/** Serialises an event to its wire form. */
export function formatSseEvent(e: SseEvent): string {
  let out = '';
  if (e.event) out += `event: ${e.event}\n`;
  if (e.id) out += `id: ${e.id}\n`;
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An event's data as a JSON object (parsing it when it is still text), or null. */
export function eventObject(data: unknown): Json | null {
  if (typeof data !== 'string') return isObject(data) ? data : null;
  try {
    const v: unknown = JSON.parse(data);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

/** OpenAI Chat Completions stream (`chat.completion.chunk` events, then `[DONE]`). */
export function openAIReasoningFilter(mode: ReasoningMode): SseTransform {
  const traces = new Map<number, string>();
  const summarised = new Set<number>();
  return {
    push(event) {
      const chunk = eventObject(event.data);
      if (!chunk || !Array.isArray(chunk.choices)) return [event];
      const before: SseEvent[] = [];
      let touched = false;
      const choices = chunk.choices.map((choice: unknown) => {
        if (!isObject(choice) || !isObject(choice.delta)) return choice;
        const delta: Json = { ...choice.delta };
        const index = typeof choice.index === 'number' ? choice.index : 0;
        for (const field of ['reasoning_content', 'reasoning', 'reasoning_details'] as const) {
          if (!(field in delta)) continue;
          touched = true;
          if (typeof delta[field] === 'string') traces.set(index, (traces.get(index) ?? '') + delta[field]);
          delete delta[field];
        }
        const answering = Object.keys(delta).some((k) => k !== 'role') || choice.finish_reason != null;
        if (mode === 'summarise' && answering && traces.has(index) && !summarised.has(index)) {
          summarised.add(index);
          before.push({
            ...event,
            data: JSON.stringify({
              ...chunk,
              choices: [{ index, delta: { reasoning_content: summariseReasoning(traces.get(index)!) }, finish_reason: null }],
              usage: undefined,
            }),
          });
        }
        return { ...choice, delta };
      });
      if (!touched) return [...before, event];
      const empty = choices.every(
        (c: unknown) => isObject(c) && isObject(c.delta) && Object.keys(c.delta).length === 0 && c.finish_reason == null,
      );
      if (empty && chunk.usage == null) return before;
      return [...before, { ...event, data: JSON.stringify({ ...chunk, choices }) }];
    },
    end: () => [],
  };
}

const THINKING_TYPES = new Set(['thinking', 'redacted_thinking']);

/** Anthropic Messages stream (message_start, content_block_*, message_delta, message_stop, ping). */
export function anthropicThinkingFilter(mode: ReasoningMode): SseTransform {
  /** Upstream index -> our index, for kept blocks. */
  const renumber = new Map<number, number>();
  /** Upstream index of thinking blocks -> summary state (summarise mode keeps them). */
  const thinking = new Map<number, { kept: boolean; trace: string }>();
  let nextIndex = 0;
  const withIndex = (event: SseEvent, body: Json, index: number): SseEvent => ({
    ...event,
    data: JSON.stringify({ ...body, index }),
  });
  return {
    push(event) {
      const body = eventObject(event.data);
      const type = body?.type;
      if (!body || typeof type !== 'string' || !type.startsWith('content_block_') || typeof body.index !== 'number')
        return [event];
      const upstream = body.index;
      if (type === 'content_block_start') {
        const block = isObject(body.content_block) ? body.content_block : {};
        if (THINKING_TYPES.has(String(block.type))) {
          const kept = mode === 'summarise' && block.type === 'thinking';
          thinking.set(upstream, { kept, trace: '' });
          if (!kept) return [];
          renumber.set(upstream, nextIndex++);
          return [
            {
              ...event,
              data: JSON.stringify({
                ...body,
                index: renumber.get(upstream),
                content_block: { type: 'thinking', thinking: '', signature: '' },
              }),
            },
          ];
        }
        renumber.set(upstream, nextIndex++);
        return [withIndex(event, body, renumber.get(upstream)!)];
      }
      const state = thinking.get(upstream);
      if (state) {
        if (type === 'content_block_delta') {
          const delta = isObject(body.delta) ? body.delta : {};
          if (typeof delta.thinking === 'string') state.trace += delta.thinking;
          return [];
        }
        if (type === 'content_block_stop' && state.kept) {
          const index = renumber.get(upstream)!;
          return [
            {
              event: 'content_block_delta',
              data: JSON.stringify({
                type: 'content_block_delta',
                index,
                delta: { type: 'thinking_delta', thinking: summariseReasoning(state.trace) },
              }),
            },
            withIndex(event, body, index),
          ];
        }
        return [];
      }
      const index = renumber.get(upstream);
      return index === undefined ? [event] : [withIndex(event, body, index)];
    },
    end: () => [],
  };
}

/** The filter for an API flavour. */
export function reasoningFilter(flavor: 'openai' | 'anthropic', mode: ReasoningMode): SseTransform {
  return flavor === 'openai' ? openAIReasoningFilter(mode) : anthropicThinkingFilter(mode);
}
