import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesToChatRequest } from './to-chat-request.js';

test('system, text, images, tool use and tool results map onto Chat Completions messages', () => {
  const chat = messagesToChatRequest({
    model: 'm',
    max_tokens: 64,
    system: [{ type: 'text', text: 'Be brief.' }],
    stream: true,
    temperature: 0.2,
    stop_sequences: ['END'],
    tools: [{ name: 'get_weather', description: 'w', input_schema: { type: 'object', properties: {} } }],
    tool_choice: { type: 'any' },
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Calling.' }, { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: 'cold' }] }, { type: 'text', text: 'and?' }] },
    ],
  });
  assert.deepEqual(chat, {
    model: 'm',
    max_tokens: 64,
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0.2,
    stop: ['END'],
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'w', parameters: { type: 'object', properties: {} } } }],
    tool_choice: 'required',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } }] },
      { role: 'assistant', content: 'Calling.', tool_calls: [{ id: 'tu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'tu_1', content: 'cold' },
      { role: 'user', content: 'and?' },
    ],
  });
});

test('a plain string conversation stays plain', () => {
  const chat = messagesToChatRequest({ model: 'm', max_tokens: 5, system: 'S', messages: [{ role: 'user', content: 'hi' }] });
  assert.deepEqual(chat.messages, [{ role: 'system', content: 'S' }, { role: 'user', content: 'hi' }]);
  assert.equal(chat.stream, undefined);
});
