import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatResponseToMessage, stopReason } from './from-chat-response.js';

test('reasoning, text and tool calls become thinking, text and tool_use blocks', () => {
  const msg = chatResponseToMessage(
    {
      id: 'c1',
      model: 'up-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Sunny.',
            reasoning_content: 'check weather',
            tool_calls: [{ id: 't1', type: 'function', function: { name: 'w', arguments: '{"c":"Oslo"}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    },
    'm',
  );
  assert.deepEqual(msg, {
    id: 'msg_c1',
    type: 'message',
    role: 'assistant',
    model: 'up-model',
    content: [
      { type: 'thinking', thinking: 'check weather', signature: '' },
      { type: 'text', text: 'Sunny.' },
      { type: 'tool_use', id: 't1', name: 'w', input: { c: 'Oslo' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 4 },
  });
});

test('finish reasons map to stop reasons', () => {
  assert.equal(stopReason('stop'), 'end_turn');
  assert.equal(stopReason('length'), 'max_tokens');
  assert.equal(stopReason(null), 'end_turn');
});
