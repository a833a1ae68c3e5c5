/** Reasoning withholding for the `degrade` action: non-streamed bodies and SSE streams, OpenAI (Chat Completions and Responses) and Anthropic. */
export { withholdAnthropicThinking, withholdOpenAIReasoning } from './json-body.js';
export { responsesReasoningFilter, withholdResponsesReasoning } from './responses.js';
export {
  anthropicThinkingFilter,
  formatSseEvent,
  openAIReasoningFilter,
  reasoningFilter,
  type SseEvent,
  type SseTransform,
} from './sse.js';
export { summariseReasoning, WITHHELD_NOTICE, type ReasoningMode } from './summary.js';
