import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRequest } from '../exchange/normalize.js';
import { requestBody } from './request.js';
import type { Draft } from './draft.js';
import { CODING_TOOLS } from './text/agents.js';

const draft: Draft = {
  system: 'You are a coding agent.',
  tools: CODING_TOOLS,
  turns: [
    { role: 'user', text: 'Fix the test', images: ['https://i.imgur.com/x.png'] },
    { role: 'assistant', text: '', toolCall: { id: 'call_1', name: 'read_file', args: '{"path":"a.ts"}' } },
    { role: 'tool', id: 'call_1', text: 'file contents' },
  ],
  kind: 'agent', zh: false, think: true, maxTokens: 1000, temperature: 0, n: 3, logprobs: true, stream: true,
};

test('OpenAI bodies normalise back to the draft', () => {
  const n = normalizeRequest(requestBody('chat.completions', 'm-1', draft), 'chat.completions');
  assert.equal(n.system, 'You are a coding agent.');
  assert.deepEqual(n.toolNames, CODING_TOOLS.map((t) => t.name));
  assert.equal(n.images, 1);
  assert.equal(n.userTurns, 1);
  assert.deepEqual(n.turns.map((t) => t.role), ['user', 'assistant', 'tool']);
  assert.equal(n.n, 3);
  assert.ok(n.logprobs && n.stream && n.thinking);
  assert.equal(n.maxTokens, 1000);
});

test('Anthropic bodies normalise back to the draft', () => {
  const body = requestBody('messages', 'm-1', draft);
  const n = normalizeRequest(body, 'messages');
  assert.equal(n.system, 'You are a coding agent.');
  assert.deepEqual(n.toolNames, CODING_TOOLS.map((t) => t.name));
  assert.equal(n.images, 1);
  assert.ok(n.thinking);
  assert.equal(body.max_tokens, 1000);
  assert.equal(n.lastUserText, 'file contents');
});
