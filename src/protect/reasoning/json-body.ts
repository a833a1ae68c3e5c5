/**
 * Reasoning withholding for non-streamed responses (the `degrade` action): removes, or replaces with a short
 * summary, the reasoning of an OpenAI Chat Completions body (`choices[].message.reasoning_content` / `reasoning`,
 * `reasoning_details`) and the thinking blocks of an Anthropic Messages body (`thinking`, `redacted_thinking`).
 * The answer (content, tool calls, usage, ids) is left exactly as it was. Returns a new object.
 */
import { summariseReasoning, WITHHELD_NOTICE, type ReasoningMode } from './summary.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenAI-style message: the reasoning fields some upstreams (vLLM, DeepSeek, OpenRouter) add. */
export function withholdOpenAIReasoning<T>(body: T, mode: ReasoningMode): T {
  if (!isObject(body) || !Array.isArray(body.choices)) return body;
  const choices = body.choices.map((choice: unknown) => {
    if (!isObject(choice) || !isObject(choice.message)) return choice;
    const message: Json = { ...choice.message };
    const trace = [message.reasoning_content, message.reasoning].find((v) => typeof v === 'string') as string | undefined;
    const had = 'reasoning_content' in message || 'reasoning' in message || 'reasoning_details' in message;
    delete message.reasoning_content;
    delete message.reasoning;
    delete message.reasoning_details;
    if (mode === 'summarise' && had) message.reasoning_content = summariseReasoning(trace ?? '');
    return { ...choice, message };
  });
  return { ...body, choices } as T;
}

/**
 * Anthropic Messages body: `withhold` drops thinking and redacted_thinking blocks; `summarise` replaces each
 * thinking block with one holding the summary (and no signature), and drops redacted ones.
 */
export function withholdAnthropicThinking<T>(body: T, mode: ReasoningMode): T {
  if (!isObject(body) || !Array.isArray(body.content)) return body;
  const content: unknown[] = [];
  for (const block of body.content) {
    if (isObject(block) && block.type === 'redacted_thinking') continue;
    if (isObject(block) && block.type === 'thinking') {
      if (mode === 'summarise')
        content.push({ type: 'thinking', thinking: summariseReasoning(String(block.thinking ?? '')), signature: '' });
      continue;
    }
    content.push(block);
  }
  return { ...body, content } as T;
}

export { WITHHELD_NOTICE };
