/**
 * What a flagged account receives, rewritten in its API's shape: reasoning withheld or summarised (`degrade`, E's
 * filters in src/protect/reasoning) and answer text watermarked for the account (`watermark`). Whole bodies and SSE
 * streams of Chat Completions and legacy Completions (`openai`), Anthropic Messages and the Responses API; the
 * answer, tool calls, usage and stream framing stay valid for the official SDKs.
 */
import {
  reasoningFilter,
  responsesReasoningFilter,
  withholdAnthropicThinking,
  withholdOpenAIReasoning,
  withholdResponsesReasoning,
  type ReasoningMode,
  type SseEvent,
} from '../../protect/reasoning/index.js';
import type { ResponseTransform, StreamTransform } from '../hooks.js';
import type { StreamEvent } from '../sse.js';
import { responsesStreamWatermark } from './responses-watermark.js';
import { anthropicStreamWatermark, openAIStreamWatermark } from './stream-watermark.js';

/** The shape of the answers to rewrite: OpenAI `choices` (chat and legacy completions), Anthropic, Responses. */
export type ApiFlavor = 'openai' | 'anthropic' | 'responses';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TransformPlan {
  flavor: ApiFlavor;
  /** Reasoning withholding mode, or null to leave reasoning alone. */
  reasoning: ReasoningMode | null;
  /** The account's watermark over answer text, or null. */
  watermark: ((text: string) => string) | null;
}

/** Watermarks the answer text of a whole body (OpenAI message content or completion text, Anthropic text blocks, Responses output text). */
export function watermarkBody(body: Json, flavor: ApiFlavor, mark: (text: string) => string): Json {
  if (flavor === 'openai') {
    if (!Array.isArray(body.choices)) return body;
    const choices = body.choices.map((c: unknown) => {
      if (!isObject(c)) return c;
      if (typeof c.text === 'string') return { ...c, text: mark(c.text) };
      if (!isObject(c.message) || typeof c.message.content !== 'string') return c;
      return { ...c, message: { ...c.message, content: mark(c.message.content) } };
    });
    return { ...body, choices };
  }
  if (flavor === 'responses') {
    if (!Array.isArray(body.output)) return body;
    const output = body.output.map((item: unknown) => {
      if (!isObject(item) || item.type !== 'message' || !Array.isArray(item.content)) return item;
      const content = item.content.map((p: unknown) =>
        isObject(p) && p.type === 'output_text' && typeof p.text === 'string' ? { ...p, text: mark(p.text) } : p,
      );
      return { ...item, content };
    });
    return { ...body, output };
  }
  if (!Array.isArray(body.content)) return body;
  const content = body.content.map((b: unknown) =>
    isObject(b) && b.type === 'text' && typeof b.text === 'string' ? { ...b, text: mark(b.text) } : b,
  );
  return { ...body, content };
}

/** E's filters may hand back `data` as JSON text; the gateway's recorder and later stages want it parsed. */
function parsed(ev: SseEvent): StreamEvent {
  let data = ev.data;
  if (typeof data === 'string' && (data.startsWith('{') || data.startsWith('['))) {
    try {
      data = JSON.parse(data);
    } catch {
      /* keep the text */
    }
  }
  return ev.event !== undefined ? { event: ev.event, data } : { data };
}

interface Stage {
  push(ev: StreamEvent): StreamEvent[];
  end(): StreamEvent[];
}

function chain(stages: Stage[]): StreamTransform {
  const run = (events: StreamEvent[], from: number): StreamEvent[] => {
    let out = events;
    for (let i = from; i < stages.length; i++) out = out.flatMap((e) => stages[i]!.push(e));
    return out;
  };
  return {
    push: (ev) => run([ev], 0),
    end: () => {
      const out: StreamEvent[] = [];
      for (let i = 0; i < stages.length; i++) out.push(...run(stages[i]!.end(), i + 1));
      return out;
    },
  };
}

/** The response transform for a plan, or undefined when it changes nothing. */
export function responseTransform(plan: TransformPlan): ResponseTransform | undefined {
  const { flavor, reasoning, watermark } = plan;
  if (reasoning === null && watermark === null) return undefined;
  return {
    json(body) {
      let out = body;
      if (reasoning !== null) {
        if (flavor === 'openai') out = withholdOpenAIReasoning(out, reasoning);
        else if (flavor === 'anthropic') out = withholdAnthropicThinking(out, reasoning);
        else out = withholdResponsesReasoning(out, reasoning);
      }
      if (watermark !== null) out = watermarkBody(out, flavor, watermark);
      return out;
    },
    stream() {
      const stages: Stage[] = [];
      if (reasoning !== null) {
        const filter = flavor === 'responses' ? responsesReasoningFilter(reasoning) : reasoningFilter(flavor, reasoning);
        stages.push({ push: (ev) => filter.push(ev).map(parsed), end: () => filter.end().map(parsed) });
      }
      if (watermark !== null && flavor === 'openai') stages.push(openAIStreamWatermark(watermark));
      else if (watermark !== null && flavor === 'anthropic') stages.push(anthropicStreamWatermark(watermark));
      else if (watermark !== null) stages.push(responsesStreamWatermark(watermark));
      return chain(stages);
    },
  };
}
