/** Reasoning withholding for the `degrade` action: non-streamed bodies and SSE streams, OpenAI and Anthropic. */
export { withholdAnthropicThinking, withholdOpenAIReasoning } from './json-body.js';
export {
  anthropicThinkingFilter,
  formatSseEvent,
  openAIReasoningFilter,
  reasoningFilter,
  type SseEvent,
  type SseTransform,
} from './sse.js';
export { summariseReasoning, WITHHELD_NOTICE, type ReasoningMode } from './summary.js';
