import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from './normalize.js';

test('OpenAI chat: system, developer, turns, images, tools and sampling', () => {
  const n = normalizeRequest({
    model: 'm',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in JSON.' }] },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null },
      { role: 'tool', content: 'result' },
      { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:' } }] },
    ],
    tools: [{ type: 'function', function: { name: 'search' } }],
    n: 4,
    logprobs: true,
    top_logprobs: 5,
    max_completion_tokens: 4096,
    temperature: 1.2,
    stream: true,
  });
  assert.equal(n.system, 'You are terse.\n\nAnswer in JSON.');
  assert.equal(n.turns.length, 4);
  assert.equal(n.userTurns, 2);
  assert.equal(n.lastUserText, 'what is this?');
  assert.equal(n.images, 1);
  assert.deepEqual(n.toolNames, ['search']);
  assert.equal(n.n, 4);
  assert.equal(n.logprobs, true);
  assert.equal(n.topLogprobs, 5);
  assert.equal(n.maxTokens, 4096);
  assert.equal(n.temperature, 1.2);
  assert.equal(n.stream, true);
});

test('Anthropic messages: system blocks, images, tool results and thinking', () => {
  const n = normalizeRequest(
    {
      model: 'm',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'Be careful.' }],
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [{ name: 'bash', input_schema: {} }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: {} }, { type: 'text', text: 'describe' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
      ],
    },
    'messages',
  );
  assert.equal(n.system, 'Be careful.');
  assert.equal(n.images, 1);
  assert.equal(n.userTurns, 2);
  assert.equal(n.lastUserText, 'ok');
  assert.deepEqual(n.toolNames, ['bash']);
  assert.equal(n.thinking, true);
  assert.equal(n.maxTokens, 1024);
});

test('Responses and legacy completions', () => {
  const r = normalizeRequest({ model: 'm', instructions: 'sys', input: 'question?', max_output_tokens: 10 }, 'responses');
  assert.equal(r.system, 'sys');
  assert.equal(r.lastUserText, 'question?');
  assert.equal(r.maxTokens, 10);
  const c = normalizeRequest({ model: 'm', prompt: ['a', 'b'] }, 'completions');
  assert.equal(c.lastUserText, 'a\nb');
});

test('Responses input items: messages, tool calls and their outputs, images; reasoning effort', () => {
  const r = normalizeRequest(
    {
      model: 'm',
      instructions: 'Be exact.',
      input: [
        { role: 'developer', content: 'Use metric units.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Oslo?' }, { type: 'input_image', image_url: 'data:' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'c1', output: '4 C, rain' },
        { type: 'item_reference', id: 'msg_0' },
      ],
      tools: [{ type: 'function', name: 'weather' }, { type: 'web_search' }],
      reasoning: { effort: 'high' },
      max_output_tokens: null,
    },
    'responses',
  );
  assert.equal(r.system, 'Be exact.\n\nUse metric units.');
  assert.deepEqual(r.turns, [
    { role: 'user', text: 'Weather in Oslo?' },
    { role: 'assistant', text: '{"city":"Oslo"}' },
    { role: 'tool', text: '4 C, rain' },
  ]);
  assert.equal(r.lastUserText, 'Weather in Oslo?');
  assert.equal(r.images, 1);
  assert.deepEqual(r.toolNames, ['weather', 'web_search']);
  assert.equal(r.thinking, true);
  assert.equal(r.maxTokens, null);
  assert.equal(normalizeRequest({ input: 'x', reasoning: { effort: 'none' } }, 'responses').thinking, false);
  assert.equal(normalizeRequest({ input: 'x', reasoning: { summary: 'auto' } }, 'responses').thinking, true);
  assert.equal(normalizeRequest({ input: 'x', reasoning: null }, 'responses').thinking, false);
  assert.equal(normalizeRequest({ messages: [], reasoning_effort: 'none' }).thinking, false);
});

test('embeddings: a batch of texts is one user turn; token ids carry no text', () => {
  assert.equal(normalizeRequest({ model: 'e', input: ['first chunk', 'second chunk'] }, 'embeddings').lastUserText, 'first chunk\nsecond chunk');
  assert.equal(normalizeRequest({ model: 'e', input: 'one' }, 'embeddings').userTurns, 1);
  assert.equal(normalizeRequest({ model: 'e', input: [[1, 2], [3]] }, 'embeddings').lastUserText, '');
});

test('garbage bodies normalise to an empty request instead of throwing', () => {
  const n = normalizeRequest({ messages: [1, null, { role: 'wizard', content: 'x' }], tools: 'no' });
  assert.equal(n.turns.length, 0);
  assert.equal(n.lastUserText, '');
  assert.equal(n.n, 1);
});
