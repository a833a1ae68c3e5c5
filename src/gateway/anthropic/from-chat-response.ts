/**
 * Translates a Chat Completions response body into an Anthropic Messages response body: reasoning becomes a
 * thinking block, tool calls become tool_use blocks, finish reasons and usage are mapped.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Anthropic `stop_reason` for an OpenAI `finish_reason`. */
export function stopReason(finish: unknown): string {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Parses tool-call arguments; a model's malformed JSON is kept as a string under `_raw` rather than lost. */
export function toolInput(args: unknown): Json {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    return isObject(v) ? v : { _raw: args };
  } catch {
    return { _raw: args };
  }
}

export function chatResponseToMessage(body: unknown, requestedModel: string): Json {
  const chat = isObject(body) ? body : {};
  const choice = Array.isArray(chat.choices) && isObject(chat.choices[0]) ? chat.choices[0] : {};
  const msg = isObject(choice.message) ? choice.message : {};
  const content: Json[] = [];
  const reasoning = typeof msg.reasoning_content === 'string' ? msg.reasoning_content : msg.reasoning;
  if (typeof reasoning === 'string' && reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  if (typeof msg.content === 'string' && msg.content) content.push({ type: 'text', text: msg.content });
  if (Array.isArray(msg.tool_calls)) {
    for (const call of msg.tool_calls) {
      if (!isObject(call) || !isObject(call.function)) continue;
      content.push({ type: 'tool_use', id: String(call.id ?? ''), name: String(call.function.name ?? ''), input: toolInput(call.function.arguments) });
    }
  }
  const usage = isObject(chat.usage) ? chat.usage : {};
  return {
    id: `msg_${typeof chat.id === 'string' ? chat.id : Date.now().toString(36)}`,
    type: 'message',
    role: 'assistant',
    model: typeof chat.model === 'string' ? chat.model : requestedModel,
    content,
    stop_reason: stopReason(choice.finish_reason),
    stop_sequence: null,
    usage: {
      input_tokens: typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0,
      output_tokens: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0,
    },
  };
}
