/**
 * Zod schemas for the request bodies the gateway accepts: OpenAI Chat Completions, Responses, legacy Completions and
 * Embeddings, Anthropic Messages and its token count. They check what the gateway relies on and let every other
 * field through untouched. An optional field may be `null`, which means absent: the official APIs accept that, and
 * LangChain, LiteLLM and other clients send it.
 */
import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const anyPart = z.looseObject({ type: z.string() });

const openAIContent = z.union([z.string(), z.array(z.union([textPart, anyPart])), z.null()]);

export const openAIMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: openAIContent.optional(),
});

const positiveInt = z.number().int().positive();
const openAITools = z.array(z.looseObject({ type: z.string() })).nullish();
/** A prompt or embedding input: text, texts, token ids, or lists of token ids. */
const textsOrTokens = z.union([z.string(), z.array(z.string()), z.array(z.number().int()), z.array(z.array(z.number().int()))]);

export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openAIMessageSchema).min(1),
  stream: z.boolean().nullish(),
  n: positiveInt.nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().nullish(),
  tools: openAITools,
});
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;

/** OpenAI Responses: `input` is text or a list of items (messages, function calls and their outputs, ...). */
export const openAIResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.looseObject({}))]).nullish(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  tools: openAITools,
  reasoning: z.looseObject({ effort: z.string().nullish() }).nullish(),
});

/** Legacy OpenAI Completions: `prompt` is text, texts or token ids; `logprobs` is a count here, not a flag. */
export const openAICompletionsRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: textsOrTokens.nullish(),
  stream: z.boolean().nullish(),
  n: positiveInt.nullish(),
  best_of: positiveInt.nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  logprobs: z.number().int().nonnegative().nullish(),
});

export const openAIEmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: textsOrTokens.refine((v) => v.length > 0, 'must not be empty'),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: positiveInt.nullish(),
});

const anthropicContent = z.union([z.string(), z.array(anyPart)]);
const anthropicMessages = z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: anthropicContent })).min(1);
const anthropicSystem = z.union([z.string(), z.array(anyPart)]).nullish();
const anthropicTools = z.array(z.looseObject({ name: z.string() })).nullish();

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: positiveInt,
  messages: anthropicMessages,
  system: anthropicSystem,
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  tools: anthropicTools,
  thinking: z.looseObject({ type: z.string() }).nullish(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

/** Anthropic `messages/count_tokens`: a Messages body without `max_tokens`. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: anthropicMessages,
  system: anthropicSystem,
  tools: anthropicTools,
  thinking: z.looseObject({ type: z.string() }).nullish(),
});
