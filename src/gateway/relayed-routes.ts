/**
 * The API routes the gateway relays to the upstream and records as exchanges, with the same authentication,
 * request guard (enforcement) and response handling: OpenAI Chat Completions, Responses, legacy Completions and
 * Embeddings, and Anthropic Messages. Each entry says how its body is checked and where the upstream serves it.
 */
import type { z } from 'zod';
import {
  anthropicMessagesRequestSchema,
  openAIChatRequestSchema,
  openAICompletionsRequestSchema,
  openAIEmbeddingsRequestSchema,
  openAIResponsesRequestSchema,
} from '../exchange/api-bodies.js';
import type { ApiStyle } from './api-error.js';
import type { GatewayEndpoint } from './hooks.js';

export interface RelayedRoute {
  /** The client's path, e.g. `/v1/responses`. */
  path: string;
  /** The exchange log's `endpoint` for it. */
  endpoint: GatewayEndpoint;
  /** The error shape its clients expect. */
  style: ApiStyle;
  schema: z.ZodType<{ model: string }>;
  /** Path under the upstream's base URL (for Messages, under the Anthropic upstream's). */
  upstreamPath: string;
}

export const RELAYED_ROUTES: readonly RelayedRoute[] = [
  { path: '/v1/chat/completions', endpoint: 'chat.completions', style: 'openai', schema: openAIChatRequestSchema, upstreamPath: '/chat/completions' },
  { path: '/v1/messages', endpoint: 'messages', style: 'anthropic', schema: anthropicMessagesRequestSchema, upstreamPath: '/messages' },
  { path: '/v1/responses', endpoint: 'responses', style: 'openai', schema: openAIResponsesRequestSchema, upstreamPath: '/responses' },
  { path: '/v1/completions', endpoint: 'completions', style: 'openai', schema: openAICompletionsRequestSchema, upstreamPath: '/completions' },
  { path: '/v1/embeddings', endpoint: 'embeddings', style: 'openai', schema: openAIEmbeddingsRequestSchema, upstreamPath: '/embeddings' },
];

/** The Anthropic token-count route: answered or relayed, never an exchange (see count-tokens-route.ts). */
export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';
export const COUNT_TOKENS_ENDPOINT = 'messages.count_tokens';

const BY_PATH = new Map<string, string>(RELAYED_ROUTES.map((r) => [r.path, r.endpoint]));
BY_PATH.set(COUNT_TOKENS_PATH, COUNT_TOKENS_ENDPOINT);

/** The `endpoint` to record for a request to `url` (query ignored; unknown paths as chat.completions). */
export function endpointOfPath(url: string): string {
  const q = url.indexOf('?');
  return BY_PATH.get(q < 0 ? url : url.slice(0, q)) ?? 'chat.completions';
}
