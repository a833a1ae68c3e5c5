/** Picks the reader of a response's text, reasoning, tool calls and usage by the API the client called. */
import type { GatewayEndpoint } from './hooks.js';
import {
  AnthropicStreamSummary,
  ChatStreamSummary,
  summarizeAnthropicMessage,
  summarizeChatCompletion,
  summarizeEmbeddings,
  type ResponseSummary,
} from './response-summary.js';
import { ResponsesStreamSummary, summarizeResponse } from './responses-summary.js';
import type { StreamEvent } from './sse.js';

export interface StreamSummary {
  add(ev: StreamEvent): void;
  result(): ResponseSummary;
}

/** Summary of a whole body in the client's API shape. */
export function summarizeBody(endpoint: GatewayEndpoint, body: unknown): ResponseSummary {
  switch (endpoint) {
    case 'messages':
      return summarizeAnthropicMessage(body);
    case 'responses':
      return summarizeResponse(body);
    case 'embeddings':
      return summarizeEmbeddings(body);
    default:
      return summarizeChatCompletion(body);
  }
}

/** A fresh accumulator for a stream in the client's API shape. */
export function streamSummary(endpoint: GatewayEndpoint): StreamSummary {
  switch (endpoint) {
    case 'messages':
      return new AnthropicStreamSummary();
    case 'responses':
      return new ResponsesStreamSummary();
    default:
      return new ChatStreamSummary();
  }
}
