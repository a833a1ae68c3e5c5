/**
 * Zod schemas for the request bodies the gateway accepts: OpenAI Chat Completions and Anthropic Messages.
 * They check what the gateway relies on and let every other field through untouched.
 */
import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const anyPart = z.looseObject({ type: z.string() });

const openAIContent = z.union([z.string(), z.array(z.union([textPart, anyPart])), z.null()]);

export const openAIMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: openAIContent.optional(),
});

export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openAIMessageSchema).min(1),
  stream: z.boolean().optional(),
  n: z.number().int().positive().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
});
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;

const anthropicContent = z.union([z.string(), z.array(anyPart)]);

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: anthropicContent })).min(1),
  system: z.union([z.string(), z.array(anyPart)]).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
