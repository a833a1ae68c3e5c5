/**
 * The account's watermark on streamed Responses API answers. The text of an output_text part arrives as
 * `response.output_text.delta` events and is then repeated whole in `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done` and the final `response.completed`: the deltas are
 * watermarked incrementally (held back to sentence ends, as for Chat Completions) and every repetition is replaced
 * by exactly the text that was sent. Sequence numbers are rewritten to stay consecutive.
 */
import type { StreamEvent } from '../sse.js';
import { IncrementalWatermark } from './stream-watermark.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export function responsesStreamWatermark(mark: (text: string) => string): { push(ev: StreamEvent): StreamEvent[]; end(): StreamEvent[] } {
  /** Per `output_index:content_index`: the incremental watermark and the text sent so far. */
  const parts = new Map<string, { w: IncrementalWatermark; sent: string; template: Json }>();
  let sequence = 0;
  const numbered = (ev: StreamEvent, data: Json): StreamEvent => {
    const out = typeof data.sequence_number === 'number' ? { ...data, sequence_number: sequence++ } : data;
    return ev.event !== undefined ? { event: ev.event, data: out } : { data: out };
  };
  const delta = (template: Json, text: string): StreamEvent => ({
    event: 'response.output_text.delta',
    data: { type: 'response.output_text.delta', item_id: template.item_id, output_index: template.output_index, content_index: template.content_index, delta: text, logprobs: [], sequence_number: sequence++ },
  });
  const keyOf = (output: unknown, content: unknown) => `${String(output)}:${String(content)}`;
  /** The sent text of a finished part, flushing what is still held back into `before`. */
  const finish = (key: string, before: StreamEvent[]): string | undefined => {
    const p = parts.get(key);
    if (!p) return undefined;
    const rest = p.w.end();
    if (rest) {
      p.sent += rest;
      before.push(delta(p.template, rest));
    }
    return p.sent;
  };
  /** A message item with its output_text parts replaced by what was sent (marking parts never streamed). */
  const markItem = (item: unknown, outputIndex: number): unknown => {
    if (!isObject(item) || item.type !== 'message' || !Array.isArray(item.content)) return item;
    const content = item.content.map((part: unknown, i) => {
      if (!isObject(part) || part.type !== 'output_text' || typeof part.text !== 'string') return part;
      return { ...part, text: parts.get(keyOf(outputIndex, i))?.sent ?? mark(part.text) };
    });
    return { ...item, content };
  };

  return {
    push(ev) {
      const d = ev.data;
      if (!isObject(d) || typeof d.type !== 'string') return [ev];
      const key = keyOf(d.output_index, d.content_index);
      switch (d.type) {
        case 'response.output_text.delta': {
          if (typeof d.delta !== 'string') return [numbered(ev, d)];
          let p = parts.get(key);
          if (!p) parts.set(key, (p = { w: new IncrementalWatermark(mark), sent: '', template: d }));
          const text = p.w.push(d.delta);
          if (!text) return [];
          p.sent += text;
          return [numbered(ev, { ...d, delta: text })];
        }
        case 'response.output_text.done': {
          const before: StreamEvent[] = [];
          const sent = finish(key, before);
          return [...before, numbered(ev, sent === undefined ? d : { ...d, text: sent })];
        }
        case 'response.content_part.done': {
          const before: StreamEvent[] = [];
          const sent = finish(key, before);
          const part = isObject(d.part) && sent !== undefined ? { ...d.part, text: sent } : d.part;
          return [...before, numbered(ev, { ...d, part })];
        }
        case 'response.output_item.done':
          return [numbered(ev, typeof d.output_index === 'number' ? { ...d, item: markItem(d.item, d.output_index) } : d)];
        default:
          if (FINAL_EVENTS.has(d.type) && isObject(d.response) && Array.isArray(d.response.output)) {
            const output = d.response.output.map((item: unknown, i) => markItem(item, i));
            return [numbered(ev, { ...d, response: { ...d.response, output } })];
          }
          return [numbered(ev, d)];
      }
    },
    end() {
      const out: StreamEvent[] = [];
      for (const key of parts.keys()) finish(key, out);
      return out;
    },
  };
}
