/** With an Anthropic-compatible upstream configured, /v1/messages is forwarded natively, not translated. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let native: Server;
let h: Harness;
const seenHeaders: IncomingHttpHeaders[] = [];

const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [
    { type: 'thinking', thinking: 'native thoughts', signature: 'sig' },
    { type: 'text', text: 'native answer' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 11, output_tokens: 22 },
};

function sse(): string {
  const ev = (data: Record<string, unknown>) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev({ type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 11, output_tokens: 1 } } }),
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'native thoughts' } }),
    ev({ type: 'content_block_stop', index: 0 }),
    ev({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
    ev({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'native answer' } }),
    ev({ type: 'content_block_stop', index: 1 }),
    ev({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 22 } }),
    ev({ type: 'message_stop' }),
  ].join('');
}

before(async () => {
  demo = await startDemoUpstream();
  native = createServer((req, res) => {
    seenHeaders.push(req.headers);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString() || '{}') as { stream?: boolean };
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(sse());
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message));
      }
    });
  });
  await new Promise<void>((r) => native.listen(0, '127.0.0.1', r));
  const port = (native.address() as AddressInfo).port;
  h = await startHarness(demo.url, { upstream: { anthropic_url: `http://127.0.0.1:${port}/v1`, anthropic_api_key: 'sk-ant-up' } });
});
after(async () => {
  await h.close();
  await demo.close();
  native.closeAllConnections();
  await new Promise<void>((r) => native.close(() => r()));
});

test('messages go to the Anthropic upstream with its own key, streaming and not, and are recorded', async () => {
  const client = new Anthropic({ apiKey: h.key, baseURL: h.url, maxRetries: 0 });
  const params = { model: 'claude-x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hello' }] };
  const msg = await client.messages.create(params);
  assert.deepEqual(msg.content, message.content);
  const streamed = await client.messages.stream(params).finalMessage();
  assert.deepEqual(streamed.content.map((b) => b.type), ['thinking', 'text']);
  assert.equal(seenHeaders.length, 2);
  for (const hd of seenHeaders) {
    assert.equal(hd['x-api-key'], 'sk-ant-up');
    assert.equal(hd['anthropic-version'], '2023-06-01');
    assert.equal(hd.authorization, undefined);
  }
  const rec = (await h.recorded()).filter((e) => e.endpoint === 'messages');
  assert.equal(rec.length, 2);
  for (const ex of rec) {
    assert.equal(ex.response.text, 'native answer');
    assert.equal(ex.response.reasoning, 'native thoughts');
    assert.equal(ex.response.input_tokens, 11);
    assert.equal(ex.response.output_tokens, 22);
    assert.equal(ex.response.finish_reason, 'end_turn');
  }
});

test('Anthropic clients listing models get Anthropic\'s list shape from the OpenAI upstream', async () => {
  const plain = await startHarness(demo.url);
  const client = new Anthropic({ apiKey: plain.key, baseURL: plain.url, maxRetries: 0 });
  const page = await client.models.list();
  assert.deepEqual(page.data.map((m) => [m.type, m.id]), [['model', 'demo-1'], ['model', 'demo-2']]);
  await plain.close();
});
