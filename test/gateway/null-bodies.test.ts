/**
 * Bodies as real clients send them (optional parameters set to null by LangChain and LiteLLM) are served, and an
 * upstream that answers with an HTML page still gives each client an error in its own API's shape.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startFaultyUpstream, type FaultyUpstream } from './faulty-upstream.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let faulty: FaultyUpstream;
let h: Harness;
let bad: Harness;

before(async () => {
  [demo, faulty] = await Promise.all([startDemoUpstream(), startFaultyUpstream()]);
  [h, bad] = await Promise.all([startHarness(demo.url), startHarness(faulty.url)]);
});
after(async () => {
  await Promise.all([h.close(), bad.close()]);
  await Promise.all([demo.close(), faulty.close()]);
});

async function post(base: string, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: JSON.parse(text) as Record<string, unknown> };
}

test('OpenAI bodies with null stream, n, tools, temperature, stop, logprobs, max_tokens, response_format are served', async () => {
  const body = {
    model: 'demo-1',
    messages: [{ role: 'user', content: 'Explain bloom filters' }],
    stream: null, n: null, tools: null, tool_choice: null, temperature: null, top_p: null, stop: null, logprobs: null,
    top_logprobs: null, max_tokens: null, max_completion_tokens: null, response_format: null, seed: null, stream_options: null,
  };
  const r = await post(h.url, '/v1/chat/completions', body, { authorization: `Bearer ${h.key}` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(String((r.body.choices as { message: { content: string } }[])[0]!.message.content), /bloom filters/);
  const ex = (await h.recorded()).find((e) => e.endpoint === 'chat.completions' && e.response.status === 200);
  assert.ok(ex);
  assert.equal(ex.request.stream, null, 'the recorded request is what the client sent');
  assert.equal(ex.response.streamed, undefined, 'stream: null is not a stream');
});

test('Anthropic bodies with null temperature, top_p, top_k, system, tools, stop_sequences, metadata are served', async () => {
  const body = {
    model: 'demo-1',
    max_tokens: 200,
    messages: [{ role: 'user', content: 'Explain bloom filters' }],
    temperature: null, top_p: null, top_k: null, system: null, tools: null, tool_choice: null, stop_sequences: null,
    metadata: null, thinking: null, stream: null,
  };
  const r = await post(h.url, '/v1/messages', body, { 'x-api-key': h.key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.type, 'message');
  // The SDK too (it would refuse to send a wrongly typed body, so this is what its types allow).
  const msg = await new Anthropic({ apiKey: h.key, baseURL: h.url, maxRetries: 0 }).messages.create({
    model: 'demo-1', max_tokens: 200, messages: [{ role: 'user', content: 'hi' }], temperature: null as unknown as undefined, system: null as unknown as undefined,
  });
  assert.equal(msg.type, 'message');
});

test('an upstream HTML error page becomes an error in the client\'s API shape, with the upstream status', async () => {
  const auth = { authorization: `Bearer ${bad.key}` };
  const chat = await post(bad.url, '/v1/chat/completions', { model: 'html-error', messages: [{ role: 'user', content: 'x' }] }, auth);
  assert.equal(chat.status, 502);
  assert.match(chat.contentType, /application\/json/);
  const err = chat.body.error as { message: string; type: string };
  assert.equal(err.type, 'api_error');
  assert.match(err.message, /not JSON \(text\/html\): 502 Bad Gateway 502 Bad Gateway nginx$/);
  assert.doesNotMatch(err.message, /color:red/, 'style sheets are not quoted');

  const anth = await post(bad.url, '/v1/messages', { model: 'html-error', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': bad.key });
  assert.equal(anth.status, 502);
  assert.equal(anth.body.type, 'error');
  assert.equal((anth.body.error as { type: string }).type, 'api_error');

  // A 200 with an HTML body is no answer an SDK can read: 502.
  const client = new OpenAI({ apiKey: bad.key, baseURL: `${bad.url}/v1`, maxRetries: 0 });
  await assert.rejects(
    client.chat.completions.create({ model: 'html-ok', messages: [{ role: 'user', content: 'x' }] }),
    (e: unknown) => e instanceof OpenAI.APIError && e.status === 502 && /Welcome to nginx/.test(e.message),
  );
  // The model list too (it is not an exchange), for OpenAI and Anthropic clients.
  const models = await fetch(`${bad.url}/v1/models`, { headers: { authorization: `Bearer ${bad.key}` } });
  assert.equal(models.status, 502);
  assert.equal(((await models.json()) as { error: { type: string } }).error.type, 'api_error');
  const anthropicModels = await fetch(`${bad.url}/v1/models`, { headers: { 'x-api-key': bad.key, 'anthropic-version': '2023-06-01' } });
  assert.equal(anthropicModels.status, 502);
  assert.equal(((await anthropicModels.json()) as { type: string }).type, 'error');

  const rec = await bad.recorded();
  assert.deepEqual(rec.map((e) => [e.model, e.response.status]).sort(), [['html-error', 502], ['html-error', 502], ['html-ok', 502]]);
  for (const ex of rec) assert.match(ex.response.error ?? '', /not JSON/);
});
