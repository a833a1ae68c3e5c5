import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../sse.js';
import { ChatStreamToMessages } from './chat-stream-to-messages.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null): StreamEvent => ({
  data: { id: 'c1', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] },
});

test('a reasoning + text + tool stream becomes well-formed Anthropic events', () => {
  const t = new ChatStreamToMessages('m');
  const events = [
    chunk({ role: 'assistant', reasoning_content: 'Let me' }),
    chunk({ reasoning_content: ' think' }),
    chunk({ content: 'Hi' }),
    chunk({ tool_calls: [{ index: 0, id: 't1', function: { name: 'f', arguments: '{"a"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }),
    chunk({}, 'tool_calls'),
    { data: { id: 'c1', choices: [], usage: { prompt_tokens: 7, completion_tokens: 9 } } },
    { data: '[DONE]' },
  ].flatMap((e) => t.push(e));
  assert.deepEqual(
    events.map((e) => e.event),
    [
      'message_start',
      'content_block_start', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'content_block_start', 'content_block_delta',
      'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'message_delta', 'message_stop',
    ],
  );
  assert.deepEqual(events[8]!.data, { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't1', name: 'f', input: {} } });
  assert.deepEqual(events[12]!.data, {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { input_tokens: 7, output_tokens: 9 },
  });
  assert.deepEqual(t.end(), []);
});

test('a stream that ends without [DONE] is still closed properly', () => {
  const t = new ChatStreamToMessages('m');
  const events = [...t.push(chunk({ content: 'x' })), ...t.end()];
  assert.deepEqual(events.map((e) => e.event), [
    'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
  ]);
});
