/**
 * Streams with reasoning, transformed and then read back with the official SDKs' stream helpers from a local
 * server on 127.0.0.1: the answer arrives intact, the reasoning does not (or only as its summary).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import Fastify, { type FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { formatSseEvent, reasoningFilter, type SseEvent } from './sse.js';
import { WITHHELD_NOTICE, type ReasoningMode } from './summary.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] }),
});
const OPENAI_EVENTS: SseEvent[] = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ reasoning_content: 'Step one: read the question. ' }),
  chunk({ reasoning_content: 'Step two: compute.' }),
  chunk({ content: 'The answer ' }),
  chunk({ content: 'is 42.' }),
  chunk({}, 'stop'),
  { data: '[DONE]' },
];

const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
const ANTHROPIC_EVENTS: SseEvent[] = [
  ev('message_start', {
    message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } },
  }),
  ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'I should add the numbers. ' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Two plus three is five.' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', { index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } }),
  ev('content_block_stop', { index: 1 }),
  ev('ping', {}),
  ev('content_block_start', { index: 2, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'The sum ' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'is 5.' } }),
  ev('content_block_stop', { index: 2 }),
  ev('content_block_start', { index: 3, content_block: { type: 'tool_use', id: 'tu_1', name: 'calc', input: {} } }),
  ev('content_block_delta', { index: 3, delta: { type: 'input_json_delta', partial_json: '{"a": 2}' } }),
  ev('content_block_stop', { index: 3 }),
  ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 30 } }),
  ev('message_stop', {}),
];

function transformed(events: SseEvent[], flavor: 'openai' | 'anthropic', mode: ReasoningMode | null): string {
  if (!mode) return events.map(formatSseEvent).join('');
  const filter = reasoningFilter(flavor, mode);
  return [...events.flatMap((e) => filter.push(e)), ...filter.end()].map(formatSseEvent).join('');
}

let server: FastifyInstance;
let baseURL = '';

before(async () => {
  server = Fastify();
  server.post('/:mode/v1/chat/completions', async (req, reply) => {
    const mode = (req.params as { mode: string }).mode;
    reply.header('content-type', 'text/event-stream');
    return transformed(OPENAI_EVENTS, 'openai', mode === 'raw' ? null : (mode as ReasoningMode));
  });
  server.post('/:mode/v1/messages', async (req, reply) => {
    const mode = (req.params as { mode: string }).mode;
    reply.header('content-type', 'text/event-stream');
    return transformed(ANTHROPIC_EVENTS, 'anthropic', mode === 'raw' ? null : (mode as ReasoningMode));
  });
  baseURL = await server.listen({ host: '127.0.0.1', port: 0 });
});
after(() => server.close());

async function readOpenAI(mode: string) {
  const client = new OpenAI({ apiKey: 'k', baseURL: `${baseURL}/${mode}/v1`, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }], stream: true });
  let content = '';
  let reasoning = '';
  let finish: string | null = null;
  for await (const c of stream) {
    const delta = c.choices[0]!.delta as { content?: string | null; reasoning_content?: string };
    content += delta.content ?? '';
    reasoning += delta.reasoning_content ?? '';
    finish = c.choices[0]!.finish_reason ?? finish;
  }
  return { content, reasoning, finish };
}

test('OpenAI stream through the SDK: reasoning withheld or summarised, answer intact', async () => {
  assert.deepEqual(await readOpenAI('raw'), {
    content: 'The answer is 42.',
    reasoning: 'Step one: read the question. Step two: compute.',
    finish: 'stop',
  });
  assert.deepEqual(await readOpenAI('withhold'), { content: 'The answer is 42.', reasoning: '', finish: 'stop' });
  assert.deepEqual(await readOpenAI('summarise'), {
    content: 'The answer is 42.',
    reasoning: `${WITHHELD_NOTICE} Summary: Step one: read the question.`,
    finish: 'stop',
  });
});

async function readAnthropic(mode: string) {
  const client = new Anthropic({ apiKey: 'k', baseURL: `${baseURL}/${mode}`, maxRetries: 0 });
  const stream = client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'q' }] });
  let text = '';
  stream.on('text', (t) => (text += t));
  const message = await stream.finalMessage();
  return { text, message };
}

test('Anthropic stream through the SDK: thinking blocks dropped and indices renumbered, answer intact', async () => {
  const raw = await readAnthropic('raw');
  assert.deepEqual(raw.message.content.map((b) => b.type), ['thinking', 'redacted_thinking', 'text', 'tool_use']);

  const withheld = await readAnthropic('withhold');
  assert.equal(withheld.text, 'The sum is 5.');
  assert.deepEqual(withheld.message.content.map((b) => b.type), ['text', 'tool_use']);
  const tool = withheld.message.content[1];
  assert.ok(tool?.type === 'tool_use');
  assert.deepEqual(tool.input, { a: 2 });
  assert.equal(withheld.message.stop_reason, 'tool_use');
  assert.equal(withheld.message.usage.output_tokens, 30);

  const summarised = await readAnthropic('summarise');
  assert.deepEqual(summarised.message.content.map((b) => b.type), ['thinking', 'text', 'tool_use']);
  const thinking = summarised.message.content[0];
  assert.ok(thinking?.type === 'thinking');
  assert.equal(thinking.thinking, `${WITHHELD_NOTICE} Summary: I should add the numbers.`);
  assert.equal(summarised.text, 'The sum is 5.');
});

test('events that are not JSON or not content blocks pass through untouched', () => {
  const f = reasoningFilter('anthropic', 'withhold');
  assert.deepEqual(f.push({ event: 'ping', data: '{"type":"ping"}' }), [{ event: 'ping', data: '{"type":"ping"}' }]);
  assert.deepEqual(reasoningFilter('openai', 'withhold').push({ data: '[DONE]' }), [{ data: '[DONE]' }]);
});

test('accepts already-parsed event data (the gateway reader yields objects)', () => {
  const f = reasoningFilter('anthropic', 'withhold');
  assert.deepEqual(f.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } } }), []);
  const [text] = f.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } } });
  assert.equal(JSON.parse(String(text!.data)).index, 0);
});
