/**
 * `POST /v1/messages/count_tokens` through the official Anthropic SDK: counted by the gateway when no Anthropic
 * upstream is configured, relayed (with the upstream's own key) when one is; authenticated, and never recorded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { countMessagesTokens } from '../../src/gateway/count-tokens-route.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let native: Server;
let local: Harness;
let relayed: Harness;
const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

before(async () => {
  demo = await startDemoUpstream();
  native = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: 1234 }));
    });
  });
  await new Promise<void>((r) => native.listen(0, '127.0.0.1', r));
  const port = (native.address() as AddressInfo).port;
  [local, relayed] = await Promise.all([
    startHarness(demo.url),
    startHarness(demo.url, { upstream: { anthropic_url: `http://127.0.0.1:${port}/v1`, anthropic_api_key: 'sk-ant-up' } }),
  ]);
});
after(async () => {
  await Promise.all([local.close(), relayed.close()]);
  await demo.close();
  native.closeAllConnections();
  await new Promise<void>((r) => native.close(() => r()));
});

const body = {
  model: 'claude-x',
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'How many tokens is this sentence, roughly?' }],
  tools: [{ name: 'lookup', description: 'Looks a word up', input_schema: { type: 'object' as const, properties: { word: { type: 'string' } } } }],
};

test('without an Anthropic upstream the gateway counts with its own tokenizer, system, turns and tools included', async () => {
  const client = new Anthropic({ apiKey: local.key, baseURL: local.url, maxRetries: 0 });
  const counted = await client.messages.countTokens(body);
  assert.equal(counted.input_tokens, countMessagesTokens(body));
  const bare = await client.messages.countTokens({ model: 'claude-x', messages: body.messages });
  assert.ok(bare.input_tokens >= 8 && bare.input_tokens < counted.input_tokens, `${bare.input_tokens} < ${counted.input_tokens}`);
  assert.equal((await local.recorded()).length, 0, 'token counts are not exchanges');
});

test('with an Anthropic upstream the request is relayed as sent, under the upstream\'s key', async () => {
  const client = new Anthropic({ apiKey: relayed.key, baseURL: relayed.url, maxRetries: 0 });
  assert.deepEqual(await client.messages.countTokens(body), { input_tokens: 1234 });
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.url, '/v1/messages/count_tokens');
  assert.equal(seen[0]!.headers['x-api-key'], 'sk-ant-up');
  assert.deepEqual(JSON.parse(seen[0]!.body), body);
  assert.equal((await relayed.recorded()).length, 0);
});

test('bad keys and bad bodies get Anthropic errors; metrics count the route', async () => {
  await assert.rejects(
    new Anthropic({ apiKey: 'nope', baseURL: local.url, maxRetries: 0 }).messages.countTokens(body),
    (e: unknown) => e instanceof Anthropic.AuthenticationError,
  );
  const res = await fetch(`${local.url}/v1/messages/count_tokens`, {
    method: 'POST',
    headers: { 'x-api-key': local.key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-x', messages: [] }),
  });
  assert.equal(res.status, 400);
  const err = (await res.json()) as { type: string; error: { type: string; message: string } };
  assert.equal(err.type, 'error');
  assert.equal(err.error.type, 'invalid_request_error');
  assert.match(err.error.message, /^messages: /);
  const metrics = await (await fetch(`${local.url}/metrics`)).text();
  assert.match(metrics, /hydrawatch_requests_total\{endpoint="messages.count_tokens",status="200"\} 2/);
  assert.match(metrics, /hydrawatch_requests_total\{endpoint="messages.count_tokens",status="400"\} 1/);
});
