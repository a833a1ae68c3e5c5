import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamSummary, summarizeBody } from './summaries.js';

test('each API\'s answers are read by its own reader', () => {
  assert.equal(summarizeBody('chat.completions', { choices: [{ message: { content: 'chat' } }] }).text, 'chat');
  assert.equal(summarizeBody('completions', { choices: [{ text: 'legacy' }] }).text, 'legacy');
  assert.equal(summarizeBody('messages', { content: [{ type: 'text', text: 'claude' }] }).text, 'claude');
  assert.equal(summarizeBody('responses', { output: [{ type: 'message', content: [{ type: 'output_text', text: 'resp' }] }] }).text, 'resp');
  assert.equal(summarizeBody('embeddings', { data: [{ embedding: [1, 0] }] }).embeddings, 1);
  const s = streamSummary('responses');
  s.add({ data: { type: 'response.output_text.delta', output_index: 0, delta: 'streamed' } });
  assert.equal(s.result().text, 'streamed');
  const a = streamSummary('messages');
  a.add({ data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'claude' } } });
  assert.equal(a.result().text, 'claude');
});
