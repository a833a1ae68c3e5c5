import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicStreamSummary, ChatStreamSummary, summarizeAnthropicMessage, summarizeChatCompletion, summarizeEmbeddings } from './response-summary.js';

test('a Chat Completions body gives text, reasoning, tool calls and usage', () => {
  const s = summarizeChatCompletion({
    choices: [
      {
        index: 0,
        message: { content: 'four', reasoning_content: '2+2', tool_calls: [{ id: 't1' }, { id: 't2' }] },
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 3, completion_tokens_details: { reasoning_tokens: 2 } },
  });
  assert.deepEqual(s, {
    text: 'four', reasoning: '2+2', toolCalls: 2, inputTokens: 9, outputTokens: 3, reasoningTokens: 2, finishReason: 'tool_calls',
  });
});

test('a Chat Completions stream is reassembled per choice', () => {
  const acc = new ChatStreamSummary();
  acc.add({ data: { choices: [{ index: 0, delta: { reasoning_content: 'think ' } }] } });
  acc.add({ data: { choices: [{ index: 0, delta: { reasoning: 'more' } }] } });
  acc.add({ data: { choices: [{ index: 0, delta: { content: 'Hel' } }] } });
  acc.add({ data: { choices: [{ index: 0, delta: { content: 'lo', tool_calls: [{ index: 0, id: 'a' }] } }] } });
  acc.add({ data: { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{}' } }] } }] } });
  acc.add({ data: { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } });
  acc.add({ data: { choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } } });
  acc.add({ data: '[DONE]' });
  assert.deepEqual(acc.result(), {
    text: 'Hello', reasoning: 'think more', toolCalls: 1, inputTokens: 5, outputTokens: 7, finishReason: 'stop',
  });
});

test('an Anthropic message and stream give the same summary', () => {
  const message = summarizeAnthropicMessage({
    content: [
      { type: 'thinking', thinking: 'hmm' },
      { type: 'text', text: 'Hi' },
      { type: 'tool_use', id: 't', name: 'f', input: {} },
    ],
    stop_reason: 'tool_use',
    usage: { input_tokens: 4, output_tokens: 6 },
  });
  const acc = new AnthropicStreamSummary();
  for (const data of [
    { type: 'message_start', message: { usage: { input_tokens: 4, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
    { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } },
    { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } },
    { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 6 } },
  ]) {
    acc.add({ event: data.type, data });
  }
  assert.deepEqual(acc.result(), message);
  assert.equal(message.reasoning, 'hmm');
});


test('legacy completions: choices\' text, whole and streamed', () => {
  const whole = summarizeChatCompletion({
    choices: [{ index: 0, text: 'Once upon', finish_reason: 'length' }],
    usage: { prompt_tokens: 2, completion_tokens: 2 },
  });
  assert.equal(whole.text, 'Once upon');
  assert.equal(whole.finishReason, 'length');
  const acc = new ChatStreamSummary();
  for (const text of ['Once', ' upon']) acc.add({ data: { object: 'text_completion', choices: [{ index: 0, text, finish_reason: null }] } });
  assert.equal(acc.result().text, 'Once upon');
});

test('embeddings: vectors counted and measured (floats or base64 float32), no text, no output tokens', () => {
  const floats = summarizeEmbeddings({ data: [{ embedding: [0.1, 0.2, 0.3] }, { embedding: [0, 0, 1] }], usage: { prompt_tokens: 7, total_tokens: 7 } });
  assert.deepEqual([floats.embeddings, floats.dimensions, floats.inputTokens, floats.outputTokens, floats.text], [2, 3, 7, 0, '']);
  const vector = new Float32Array([0.5, -0.25, 1, 0, 0.125]);
  const base64 = Buffer.from(vector.buffer).toString('base64');
  assert.equal(summarizeEmbeddings({ data: [{ embedding: base64 }] }).dimensions, 5);
});
