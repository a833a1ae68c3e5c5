import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
  openAIChatRequestSchema,
  openAICompletionsRequestSchema,
  openAIEmbeddingsRequestSchema,
  openAIResponsesRequestSchema,
} from './api-bodies.js';

// What LangChain and LiteLLM send: every optional parameter they know, set to null when the user left it unset.
const openAINulls = {
  stream: null, n: null, tools: null, tool_choice: null, temperature: null, top_p: null, stop: null, logprobs: null,
  top_logprobs: null, max_tokens: null, max_completion_tokens: null, response_format: null, seed: null, user: null,
  presence_penalty: null, frequency_penalty: null, logit_bias: null, stream_options: null, parallel_tool_calls: null,
};
const anthropicNulls = {
  temperature: null, top_p: null, top_k: null, system: null, tools: null, tool_choice: null, stop_sequences: null,
  metadata: null, thinking: null, stream: null,
};

test('null optional fields are accepted as absent in every API body', () => {
  const chat = openAIChatRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...openAINulls });
  assert.ok(chat.success, chat.error?.message);
  const messages = anthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], ...anthropicNulls });
  assert.ok(messages.success, messages.error?.message);
  const count = anthropicCountTokensRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'hi' }], system: null, tools: null });
  assert.ok(count.success, count.error?.message);
  const responses = openAIResponsesRequestSchema.safeParse({
    model: 'm', input: 'hi', instructions: null, stream: null, tools: null, reasoning: null, max_output_tokens: null, temperature: null, top_p: null,
  });
  assert.ok(responses.success, responses.error?.message);
  const completions = openAICompletionsRequestSchema.safeParse({ model: 'm', prompt: 'hi', ...openAINulls, logprobs: null, best_of: null, echo: null, suffix: null });
  assert.ok(completions.success, completions.error?.message);
  assert.ok(openAIEmbeddingsRequestSchema.safeParse({ model: 'm', input: 'hi', encoding_format: null, dimensions: null, user: null }).success);
});

test('values of the wrong type are still refused, naming the field', () => {
  const chat = openAIChatRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: 'yes' });
  assert.deepEqual(chat.error?.issues[0]?.path, ['stream']);
  const messages = anthropicMessagesRequestSchema.safeParse({ model: 'm', max_tokens: null, messages: [{ role: 'user', content: 'hi' }] });
  assert.deepEqual(messages.error?.issues[0]?.path, ['max_tokens'], 'max_tokens is required by Anthropic: null is refused');
  assert.equal(openAIEmbeddingsRequestSchema.safeParse({ model: 'm', input: [] }).success, false);
  assert.equal(openAIEmbeddingsRequestSchema.safeParse({ model: 'm' }).success, false);
  assert.equal(openAIResponsesRequestSchema.safeParse({ model: 'm', input: 42 }).success, false);
});

test('prompts and embedding inputs may be text, texts or token ids', () => {
  for (const input of ['a', ['a', 'b'], [1, 2, 3], [[1, 2], [3]]]) {
    assert.ok(openAIEmbeddingsRequestSchema.safeParse({ model: 'm', input }).success, JSON.stringify(input));
    assert.ok(openAICompletionsRequestSchema.safeParse({ model: 'm', prompt: input }).success, JSON.stringify(input));
  }
  assert.ok(openAIResponsesRequestSchema.safeParse({ model: 'm', input: [{ role: 'user', content: 'hi' }, { type: 'function_call_output', call_id: 'c', output: 'x' }] }).success);
});
