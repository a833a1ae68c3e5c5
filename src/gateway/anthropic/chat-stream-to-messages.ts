/**
 * Translates a streamed Chat Completions response, chunk by chunk, into the Anthropic Messages event stream
 * (message_start, content_block_start/delta/stop for thinking, text and tool_use blocks, message_delta,
 * message_stop). Each upstream chunk yields its events at once: no buffering.
 */
import type { StreamEvent } from '../sse.js';
import { stopReason } from './from-chat-response.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

type BlockKind = 'thinking' | 'text' | `tool:${number}`;

export class ChatStreamToMessages {
  private started = false;
  private finished = false;
  private block: BlockKind | null = null;
  private index = -1;
  private finish: unknown = null;
  private inputTokens = 0;
  private outputTokens = 0;

  constructor(private readonly model: string) {}

  private ev(data: Json, out: StreamEvent[]): void {
    out.push({ event: data.type as string, data });
  }

  private start(chunk: Json, out: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    this.ev(
      {
        type: 'message_start',
        message: {
          id: `msg_${typeof chunk.id === 'string' ? chunk.id : Date.now().toString(36)}`,
          type: 'message',
          role: 'assistant',
          model: typeof chunk.model === 'string' ? chunk.model : this.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      out,
    );
  }

  private open(kind: BlockKind, contentBlock: Json, out: StreamEvent[]): void {
    if (this.block === kind) return;
    this.close(out);
    this.block = kind;
    this.index++;
    this.ev({ type: 'content_block_start', index: this.index, content_block: contentBlock }, out);
  }

  private close(out: StreamEvent[]): void {
    if (this.block === null) return;
    this.ev({ type: 'content_block_stop', index: this.index }, out);
    this.block = null;
  }

  /** Events for one upstream event (a parsed chunk, or the `[DONE]` marker). */
  push(event: StreamEvent): StreamEvent[] {
    const out: StreamEvent[] = [];
    const chunk = event.data;
    if (chunk === '[DONE]') return this.end();
    if (!isObject(chunk) || this.finished) return out;
    this.start(chunk, out);
    const choice = Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : null;
    const delta = choice && isObject(choice.delta) ? choice.delta : {};
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning) {
      this.open('thinking', { type: 'thinking', thinking: '', signature: '' }, out);
      this.ev({ type: 'content_block_delta', index: this.index, delta: { type: 'thinking_delta', thinking: reasoning } }, out);
    }
    if (typeof delta.content === 'string' && delta.content) {
      this.open('text', { type: 'text', text: '' }, out);
      this.ev({ type: 'content_block_delta', index: this.index, delta: { type: 'text_delta', text: delta.content } }, out);
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (!isObject(call)) continue;
        const fn = isObject(call.function) ? call.function : {};
        const kind: BlockKind = `tool:${typeof call.index === 'number' ? call.index : 0}`;
        this.open(kind, { type: 'tool_use', id: String(call.id ?? ''), name: String(fn.name ?? ''), input: {} }, out);
        if (typeof fn.arguments === 'string' && fn.arguments) {
          this.ev({ type: 'content_block_delta', index: this.index, delta: { type: 'input_json_delta', partial_json: fn.arguments } }, out);
        }
      }
    }
    if (choice && choice.finish_reason !== null && choice.finish_reason !== undefined) this.finish = choice.finish_reason;
    if (isObject(chunk.usage)) {
      if (typeof chunk.usage.prompt_tokens === 'number') this.inputTokens = chunk.usage.prompt_tokens;
      if (typeof chunk.usage.completion_tokens === 'number') this.outputTokens = chunk.usage.completion_tokens;
    }
    return out;
  }

  /** Closing events; also called when the upstream ends without `[DONE]`. Idempotent. */
  end(): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (this.finished) return out;
    this.start({}, out);
    this.finished = true;
    this.close(out);
    this.ev(
      {
        type: 'message_delta',
        delta: { stop_reason: stopReason(this.finish), stop_sequence: null },
        usage: { input_tokens: this.inputTokens, output_tokens: this.outputTokens },
      },
      out,
    );
    this.ev({ type: 'message_stop' }, out);
    return out;
  }
}
