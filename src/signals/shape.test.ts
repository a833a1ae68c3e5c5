import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import { requestShape } from './shape.js';

test('request shape reads sampling, tools, images and turns', () => {
  const shape = requestShape(
    normalizeRequest({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: [{ type: 'text', text: 'and this?' }, { type: 'image_url', image_url: { url: 'x' } }] },
      ],
      tools: [{ type: 'function', function: { name: 'a' } }, { type: 'function', function: { name: 'b' } }],
      n: 8,
      top_logprobs: 5,
      max_tokens: 32000,
      temperature: 1.3,
      reasoning_effort: 'high',
    }),
  );
  assert.deepEqual(shape, {
    n: 8,
    logprobs: true,
    maxTokens: 32000,
    temperature: 1.3,
    tools: 2,
    images: 1,
    turns: 3,
    userTurns: 2,
    systemChars: 9,
    promptChars: 2 + 5 + 9,
    thinking: true,
  });
});

test('defaults of a bare request', () => {
  const shape = requestShape(normalizeRequest({ messages: [{ role: 'user', content: 'x' }] }));
  assert.equal(shape.n, 1);
  assert.equal(shape.logprobs, false);
  assert.equal(shape.maxTokens, null);
  assert.equal(shape.temperature, null);
  assert.equal(shape.thinking, false);
});
