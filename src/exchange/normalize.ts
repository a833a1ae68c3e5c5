/**
 * Normalises a request body of any supported API (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses,
 * legacy Completions, Embeddings) into one shape that signals and profiles read: system prompt, turns, last user
 * text, tools, images and sampling parameters. Tolerant by design: logs hold whatever clients sent; null means absent.
 */
import type { Exchange } from './exchange.js';

export type TurnRole = 'user' | 'assistant' | 'tool';

export interface Turn {
  role: TurnRole;
  text: string;
}

export interface NormalizedRequest {
  /** System and developer instructions joined with blank lines; '' when there are none. */
  system: string;
  turns: Turn[];
  /** Text of the last user turn ('' when the last turn carries only images or tool results). */
  lastUserText: string;
  userTurns: number;
  toolNames: string[];
  images: number;
  maxTokens: number | null;
  temperature: number | null;
  topP: number | null;
  n: number;
  logprobs: boolean;
  topLogprobs: number | null;
  stream: boolean;
  /** Extended thinking or reasoning effort was requested. */
  thinking: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface ContentText {
  text: string;
  images: number;
}

/**
 * Deepest tool result read inside another: real conversations nest one or two; a hostile body nests thousands,
 * which would overflow the stack (what lies deeper is not read).
 */
const MAX_NESTED_TOOL_RESULTS = 16;

/** Text and image count of a message content: a string or an array of typed parts (OpenAI or Anthropic). */
function readContent(content: unknown, depth = 0): ContentText {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  const texts: string[] = [];
  let images = 0;
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (!isObject(part)) continue;
    const type = part.type;
    if (type === 'image_url' || type === 'image' || type === 'input_image') images++;
    else if (typeof part.text === 'string') texts.push(part.text);
    else if (type === 'tool_result' && depth < MAX_NESTED_TOOL_RESULTS) {
      const inner = readContent(part.content, depth + 1);
      texts.push(inner.text);
      images += inner.images;
    }
  }
  return { text: texts.join('\n'), images };
}

function toolNamesOf(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  const names: string[] = [];
  for (const tool of tools) {
    if (!isObject(tool)) continue;
    if (typeof tool.name === 'string') names.push(tool.name);
    else if (isObject(tool.function) && typeof tool.function.name === 'string') names.push(tool.function.name);
    else if (typeof tool.type === 'string') names.push(tool.type);
  }
  return names;
}

function roleOf(role: unknown): TurnRole | 'system' | null {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'user':
      return 'user';
    case 'assistant':
      return 'assistant';
    case 'tool':
    case 'function':
      return 'tool';
    default:
      return null;
  }
}

/**
 * Adds a message to the system texts or the turns; returns its image count. (Module level rather than a closure: a
 * transpiler that keeps function names would name a closure again on every call.)
 */
function addMessage(role: unknown, content: unknown, systems: string[], turns: Turn[]): number {
  const r = roleOf(role);
  if (r === null) return 0;
  const { text, images } = readContent(content);
  if (r === 'system') systems.push(text);
  else turns.push({ role: r, text });
  return images;
}

/**
 * Adds one Responses API input item: a message (`role` and `content`, with or without `type: "message"`), a tool
 * call's output (a tool turn), or the model's own earlier tool call (an assistant turn); reasoning items and
 * references to stored items carry no text. Returns its image count.
 */
function addResponsesItem(item: Json, systems: string[], turns: Turn[]): number {
  switch (item.type) {
    case undefined:
    case null:
    case 'message':
      return addMessage(item.role ?? 'user', item.content, systems, turns);
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'computer_call_output': {
      const { text, images } = readContent(item.output);
      turns.push({ role: 'tool', text });
      return images;
    }
    case 'function_call':
    case 'custom_tool_call':
      turns.push({ role: 'assistant', text: typeof item.arguments === 'string' ? item.arguments : typeof item.input === 'string' ? item.input : '' });
      return 0;
    default:
      return 0;
  }
}

export function normalizeRequest(body: Json, endpoint = 'chat.completions'): NormalizedRequest {
  const systems: string[] = [];
  const turns: Turn[] = [];
  let images = 0;

  if (endpoint === 'completions' || endpoint === 'embeddings') {
    // One user turn for the whole prompt or batch of inputs (token-id inputs carry no text).
    const field = endpoint === 'completions' ? body.prompt : body.input;
    const text = Array.isArray(field) ? field.filter((p) => typeof p === 'string').join('\n') : field;
    if (typeof text === 'string') turns.push({ role: 'user', text });
  } else if (endpoint === 'responses') {
    if (typeof body.instructions === 'string') systems.push(body.instructions);
    if (typeof body.input === 'string') turns.push({ role: 'user', text: body.input });
    else if (Array.isArray(body.input)) for (const item of body.input) if (isObject(item)) images += addResponsesItem(item, systems, turns);
  } else {
    if (body.system !== undefined) systems.push(readContent(body.system).text);
    if (Array.isArray(body.messages)) for (const m of body.messages) if (isObject(m)) images += addMessage(m.role, m.content, systems, turns);
  }

  let lastUserText = '';
  let userTurns = 0;
  for (const turn of turns) {
    if (turn.role !== 'user') continue;
    userTurns++;
    lastUserText = turn.text;
  }

  const maxTokens = num(body.max_tokens) ?? num(body.max_completion_tokens) ?? num(body.max_output_tokens);
  // Reasoning models think unless told `none`: a Responses `reasoning` object without an effort means the default.
  const effort = isObject(body.reasoning) ? (body.reasoning.effort ?? 'default') : body.reasoning_effort;
  const thinking = (isObject(body.thinking) && body.thinking.type !== 'disabled') || (typeof effort === 'string' && effort !== 'none');

  return {
    system: systems.filter((s) => s.length > 0).join('\n\n'),
    turns,
    lastUserText,
    userTurns,
    toolNames: toolNamesOf(body.tools),
    images,
    maxTokens,
    temperature: num(body.temperature),
    topP: num(body.top_p),
    n: num(body.n) ?? 1,
    logprobs: body.logprobs === true || num(body.logprobs) !== null,
    topLogprobs: num(body.top_logprobs),
    stream: body.stream === true,
    thinking,
  };
}

/** Normalised request of a recorded exchange. */
export function normalizeExchange(exchange: Pick<Exchange, 'request' | 'endpoint'>): NormalizedRequest {
  return normalizeRequest(exchange.request, exchange.endpoint);
}
