/**
 * What the exchange log keeps of a response: its text, reasoning (`reasoning_content` / `reasoning`, Anthropic
 * thinking blocks), number of tool calls, token usage and finish reason, read from an OpenAI Chat Completions,
 * legacy Completions or Anthropic body, whole or streamed; for embeddings, how many vectors of what size.
 */
import type { StreamEvent } from './sse.js';

export interface ResponseSummary {
  text: string;
  reasoning: string;
  toolCalls: number;
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  finishReason: string | null;
  /** Embeddings only: vectors returned and their length (an embedding response has no text). */
  embeddings?: number;
  dimensions?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const emptySummary = (): ResponseSummary => ({ text: '', reasoning: '', toolCalls: 0, finishReason: null });

function readOpenAIUsage(usage: unknown, into: ResponseSummary): void {
  if (!isObject(usage)) return;
  into.inputTokens = int(usage.prompt_tokens) ?? into.inputTokens;
  into.outputTokens = int(usage.completion_tokens) ?? into.outputTokens;
  const details = usage.completion_tokens_details;
  if (isObject(details)) into.reasoningTokens = int(details.reasoning_tokens) ?? into.reasoningTokens;
}

/** Summary of a non-streamed Chat Completions or legacy Completions body (all choices' texts, joined). */
export function summarizeChatCompletion(body: unknown): ResponseSummary {
  const out = emptySummary();
  if (!isObject(body)) return out;
  const texts: string[] = [];
  const reasonings: string[] = [];
  if (Array.isArray(body.choices)) {
    for (const choice of body.choices) {
      if (!isObject(choice)) continue;
      const msg = isObject(choice.message) ? choice.message : {};
      if (typeof msg.content === 'string') texts.push(msg.content);
      else if (typeof choice.text === 'string') texts.push(choice.text);
      const r = str(msg.reasoning_content) || str(msg.reasoning);
      if (r) reasonings.push(r);
      if (Array.isArray(msg.tool_calls)) out.toolCalls += msg.tool_calls.length;
      if (out.finishReason === null && typeof choice.finish_reason === 'string') out.finishReason = choice.finish_reason;
    }
  }
  out.text = texts.join('\n\n');
  out.reasoning = reasonings.join('\n\n');
  readOpenAIUsage(body.usage, out);
  return out;
}

/** Accumulates a streamed Chat Completions (or legacy Completions: `choices[].text`) response chunk by chunk. */
export class ChatStreamSummary {
  private readonly texts: string[][] = [];
  private readonly reasonings: string[][] = [];
  private readonly toolIds = new Set<string>();
  private readonly summary = emptySummary();

  add(ev: StreamEvent): void {
    const chunk = ev.data;
    if (!isObject(chunk)) return;
    if (Array.isArray(chunk.choices)) {
      for (const choice of chunk.choices) {
        if (!isObject(choice)) continue;
        const i = int(choice.index) ?? 0;
        const delta = isObject(choice.delta) ? choice.delta : {};
        if (typeof delta.content === 'string') (this.texts[i] ??= []).push(delta.content);
        else if (typeof choice.text === 'string') (this.texts[i] ??= []).push(choice.text);
        const r = str(delta.reasoning_content) || str(delta.reasoning);
        if (r) (this.reasonings[i] ??= []).push(r);
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            if (isObject(call)) this.toolIds.add(`${i}:${int(call.index) ?? str(call.id)}`);
          }
        }
        if (this.summary.finishReason === null && typeof choice.finish_reason === 'string') {
          this.summary.finishReason = choice.finish_reason;
        }
      }
    }
    readOpenAIUsage(chunk.usage, this.summary);
  }

  /** What `add` does with a chunk that `textOnly` read as this text, of this key, of this choice. */
  addText(index: number, key: TextOnlyChunk['key'], text: string): void {
    if (key === 'content') (this.texts[index] ??= []).push(text);
    else if (text) (this.reasonings[index] ??= []).push(text);
  }

  result(): ResponseSummary {
    return { ...this.summary, text: joinChoices(this.texts), reasoning: joinChoices(this.reasonings), toolCalls: this.toolIds.size };
  }
}

/** Each choice's parts joined, the choices' texts apart by a blank line (choices without text left out). */
function joinChoices(parts: string[][]): string {
  return parts.filter(Boolean).map((p) => p.join('')).filter(Boolean).join('\n\n');
}

/** A chunk whose whole effect on `ChatStreamSummary.add` is one text of one choice (`textOnly`). */
export interface TextOnlyChunk {
  index: number;
  /** Where the text is: the answer's `content`, or reasoning under either of its two names. */
  key: 'content' | 'reasoning_content' | 'reasoning';
  text: string;
}

/**
 * The choice and text of a Chat Completions chunk whose only effect on `ChatStreamSummary.add` is to add that text to
 * that choice's answer (a string `delta.content`) or reasoning (a string `delta.reasoning_content` or
 * `delta.reasoning`, the other name empty and no answer text): one choice, no tool calls, finish reason or usage.
 * Null for any other chunk. Kept beside `add`: the two must agree.
 */
export function textOnly(chunk: unknown): TextOnlyChunk | null {
  if (!isObject(chunk) || !Array.isArray(chunk.choices) || chunk.choices.length !== 1 || isObject(chunk.usage)) return null;
  const choice: unknown = chunk.choices[0];
  if (!isObject(choice) || !isObject(choice.delta) || typeof choice.finish_reason === 'string') return null;
  const delta = choice.delta;
  if (Array.isArray(delta.tool_calls)) return null;
  const index = int(choice.index) ?? 0;
  const r = str(delta.reasoning_content);
  const alt = str(delta.reasoning);
  if (typeof delta.content === 'string') return r || alt ? null : { index, key: 'content', text: delta.content };
  if (typeof choice.text === 'string') return null;
  if (typeof delta.reasoning_content === 'string' && !alt) return { index, key: 'reasoning_content', text: r };
  if (typeof delta.reasoning === 'string' && !r) return { index, key: 'reasoning', text: alt };
  return null;
}

function readAnthropicUsage(usage: unknown, into: ResponseSummary): void {
  if (!isObject(usage)) return;
  const input = int(usage.input_tokens);
  if (input !== undefined) {
    into.inputTokens = input + (int(usage.cache_read_input_tokens) ?? 0) + (int(usage.cache_creation_input_tokens) ?? 0);
  }
  into.outputTokens = int(usage.output_tokens) ?? into.outputTokens;
}

/** Summary of a non-streamed Anthropic Messages body. */
export function summarizeAnthropicMessage(body: unknown): ResponseSummary {
  const out = emptySummary();
  if (!isObject(body)) return out;
  const texts: string[] = [];
  const thinking: string[] = [];
  if (Array.isArray(body.content)) {
    for (const block of body.content) {
      if (!isObject(block)) continue;
      if (block.type === 'text') texts.push(str(block.text));
      else if (block.type === 'thinking') thinking.push(str(block.thinking));
      else if (block.type === 'tool_use' || block.type === 'server_tool_use') out.toolCalls++;
    }
  }
  out.text = texts.join('');
  out.reasoning = thinking.join('\n\n');
  if (typeof body.stop_reason === 'string') out.finishReason = body.stop_reason;
  readAnthropicUsage(body.usage, out);
  return out;
}

/** Accumulates a streamed Anthropic Messages response event by event. */
export class AnthropicStreamSummary {
  private readonly texts: string[] = [];
  private readonly thinking: string[] = [];
  private readonly summary = emptySummary();

  add(ev: StreamEvent): void {
    const data = ev.data;
    if (!isObject(data)) return;
    switch (data.type) {
      case 'message_start':
        if (isObject(data.message)) readAnthropicUsage(data.message.usage, this.summary);
        break;
      case 'content_block_start':
        if (isObject(data.content_block)) {
          const type = data.content_block.type;
          if (type === 'tool_use' || type === 'server_tool_use') this.summary.toolCalls++;
          if (type === 'thinking' && this.thinking.length > 0) this.thinking.push('\n\n');
        }
        break;
      case 'content_block_delta':
        if (isObject(data.delta)) {
          if (data.delta.type === 'text_delta') this.texts.push(str(data.delta.text));
          else if (data.delta.type === 'thinking_delta') this.thinking.push(str(data.delta.thinking));
        }
        break;
      case 'message_delta':
        if (isObject(data.delta) && typeof data.delta.stop_reason === 'string') {
          this.summary.finishReason = data.delta.stop_reason;
        }
        readAnthropicUsage(data.usage, this.summary);
        break;
    }
  }

  result(): ResponseSummary {
    return { ...this.summary, text: this.texts.join(''), reasoning: this.thinking.join('') };
  }
}


/** Summary of an embeddings body: no text; the number of vectors, their length and the input tokens. */
export function summarizeEmbeddings(body: unknown): ResponseSummary {
  const out = emptySummary();
  if (!isObject(body)) return out;
  const data = Array.isArray(body.data) ? body.data.filter(isObject) : [];
  out.embeddings = data.length;
  const first = data[0]?.embedding;
  // base64 vectors are little-endian float32: 4 bytes a dimension.
  if (Array.isArray(first)) out.dimensions = first.length;
  else if (typeof first === 'string') out.dimensions = Math.floor((first.length * 3) / 4 / 4);
  readOpenAIUsage(body.usage, out);
  out.outputTokens = 0;
  return out;
}
