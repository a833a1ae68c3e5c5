/**
 * The account's watermark on streamed answers. Text deltas are held back until a sentence or line ends, then the
 * whole answer so far is watermarked and only the new part is sent, so every substitution sees the same preceding
 * words as it would in the whole text (what the verifier recomputes from the served text). What is still held when
 * the choice or block ends is sent just before its end. Reasoning, tool calls and other events pass through.
 */
import type { StreamEvent } from '../sse.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Characters gathered before a flush is tried at the last sentence or line end (bounds the re-watermarking cost). */
const FLUSH_CHARS = 160;

/** Incremental watermarking of one text that arrives in pieces. */
export class IncrementalWatermark {
  private raw = '';
  private rawSent = 0;
  private marked = '';

  constructor(private readonly mark: (text: string) => string) {}

  /** Adds a piece; returns the watermarked text that can be sent now (possibly empty). */
  push(piece: string): string {
    this.raw += piece;
    if (this.raw.length - this.rawSent < FLUSH_CHARS) return '';
    const cut = lastBoundary(this.raw, this.rawSent);
    return cut > this.rawSent ? this.flushTo(cut) : '';
  }

  /** Everything still held back. */
  end(): string {
    return this.raw.length > this.rawSent ? this.flushTo(this.raw.length) : '';
  }

  private flushTo(cut: number): string {
    const marked = this.mark(this.raw.slice(0, cut));
    let out: string;
    if (marked.startsWith(this.marked)) out = marked.slice(this.marked.length);
    else out = this.mark(this.raw.slice(this.rawSent, cut)); // the prefix changed (rare): mark the new part alone
    this.marked += out;
    this.rawSent = cut;
    return out;
  }
}

/** Index just after the last sentence end (". ", "! ", "? ") or newline at or after `from`, or `from` if none. */
function lastBoundary(text: string, from: number): number {
  for (let i = text.length - 1; i > from; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 32) {
      const p = text.charCodeAt(i - 1);
      if (p === 46 || p === 33 || p === 63) return i + 1;
    }
  }
  return from;
}

/** OpenAI chat.completion.chunk stream: watermarks `choices[].delta.content` (legacy completions: `choices[].text`). */
export function openAIStreamWatermark(mark: (text: string) => string): { push(ev: StreamEvent): StreamEvent[]; end(): StreamEvent[] } {
  const texts = new Map<number, IncrementalWatermark>();
  let template: Json | null = null;
  const textOf = (i: number) => {
    let w = texts.get(i);
    if (!w) texts.set(i, (w = new IncrementalWatermark(mark)));
    return w;
  };
  let legacy = false;
  const contentChunk = (index: number, content: string): StreamEvent => ({
    data: { ...template, choices: [legacy ? { index, text: content, finish_reason: null } : { index, delta: { content }, finish_reason: null }], usage: undefined },
  });
  return {
    push(ev) {
      const chunk = ev.data;
      if (!isObject(chunk) || !Array.isArray(chunk.choices)) return [ev];
      template ??= { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
      const before: StreamEvent[] = [];
      const choices = chunk.choices.map((choice: unknown) => {
        if (!isObject(choice)) return choice;
        const index = typeof choice.index === 'number' ? choice.index : 0;
        let out = choice;
        if (isObject(choice.delta) && typeof choice.delta.content === 'string') {
          out = { ...choice, delta: { ...choice.delta, content: textOf(index).push(choice.delta.content) } };
        } else if (typeof choice.text === 'string') {
          legacy = true;
          out = { ...choice, text: textOf(index).push(choice.text) };
        }
        if (choice.finish_reason != null) {
          const rest = texts.get(index)?.end();
          if (rest) before.push(contentChunk(index, rest));
        }
        return out;
      });
      const emptied = choices.every(
        (c: unknown) =>
          isObject(c) && isObject(c.delta) && c.finish_reason == null &&
          Object.entries(c.delta).every(([k, v]) => (k === 'content' ? v === '' : k === 'role' ? false : v == null)),
      );
      if (emptied && chunk.usage == null) return before;
      return [...before, { ...ev, data: { ...chunk, choices } }];
    },
    end() {
      const out: StreamEvent[] = [];
      for (const [index, w] of texts) {
        const rest = w.end();
        if (rest) out.push(contentChunk(index, rest));
      }
      return out;
    },
  };
}

/** Anthropic Messages stream: watermarks `text_delta`s of text blocks, flushing each block before its stop. */
export function anthropicStreamWatermark(mark: (text: string) => string): { push(ev: StreamEvent): StreamEvent[]; end(): StreamEvent[] } {
  const blocks = new Map<number, IncrementalWatermark>();
  const delta = (index: number, text: string): StreamEvent => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
  });
  return {
    push(ev) {
      const d = ev.data;
      if (!isObject(d) || typeof d.index !== 'number') return [ev];
      const index = d.index;
      if (d.type === 'content_block_delta' && isObject(d.delta) && d.delta.type === 'text_delta' && typeof d.delta.text === 'string') {
        let w = blocks.get(index);
        if (!w) blocks.set(index, (w = new IncrementalWatermark(mark)));
        const text = w.push(d.delta.text);
        return text ? [delta(index, text)] : [];
      }
      if (d.type === 'content_block_stop') {
        const rest = blocks.get(index)?.end();
        blocks.delete(index);
        return rest ? [delta(index, rest), ev] : [ev];
      }
      return [ev];
    },
    end() {
      const out: StreamEvent[] = [];
      for (const [index, w] of blocks) {
        const rest = w.end();
        if (rest) out.push(delta(index, rest));
      }
      return out;
    },
  };
}
