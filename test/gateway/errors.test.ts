/** Every error path answers in the API's own shape with the contract's status, and is recorded. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { exchangeSchema } from '../../src/exchange/exchange.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startFaultyUpstream, type FaultyUpstream } from './faulty-upstream.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let faulty: FaultyUpstream;
let h: Harness;
let bad: Harness;
let down: Harness;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

before(async () => {
  demo = await startDemoUpstream();
  faulty = await startFaultyUpstream();
  h = await startHarness(demo.url, { server: { body_limit: 64 * 1024 } });
  bad = await startHarness(faulty.url, { upstream: { timeout_ms: 300 } });
  down = await startHarness(`http://127.0.0.1:${await freePort()}/v1`);
});
after(async () => {
  await Promise.all([h.close(), bad.close(), down.close()]);
  await Promise.all([demo.close(), faulty.close()]);
});

const chat = { model: 'demo-1', messages: [{ role: 'user', content: 'hi' }] };
const msgs = { model: 'demo-1', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

async function post(base: string, path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function assertOpenAIError(body: Record<string, unknown>, type?: string) {
  const err = body.error as Record<string, unknown>;
  assert.equal(typeof err.message, 'string');
  assert.equal(typeof err.type, 'string');
  assert.ok('code' in err);
  if (type) assert.equal(err.type, type);
}

function assertAnthropicError(body: Record<string, unknown>, type: string) {
  assert.equal(body.type, 'error');
  assert.equal((body.error as Record<string, unknown>).type, type);
  assert.equal(typeof (body.error as Record<string, unknown>).message, 'string');
}

test('401 for a missing, unknown or malformed key, in each API shape, and recorded', async () => {
  const r1 = await post(h.url, '/v1/chat/completions', JSON.stringify(chat), {});
  assert.equal(r1.status, 401);
  assertOpenAIError(r1.body);
  const r2 = await post(h.url, '/v1/chat/completions', JSON.stringify(chat), { authorization: 'Bearer hw_key_000000000000_nope' });
  assert.equal(r2.status, 401);
  const r3 = await post(h.url, '/v1/messages', JSON.stringify(msgs), { 'x-api-key': 'sk-wrong' });
  assert.equal(r3.status, 401);
  assertAnthropicError(r3.body, 'authentication_error');
  const wrongSecret = h.key.slice(0, -2) + (h.key.endsWith('AA') ? 'BB' : 'AA');
  assert.equal((await post(h.url, '/v1/chat/completions', JSON.stringify(chat), { authorization: `Bearer ${wrongSecret}` })).status, 401);

  await assert.rejects(
    new OpenAI({ apiKey: 'nope', baseURL: `${h.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'demo-1', messages: [{ role: 'user', content: 'x' }] }),
    (e: unknown) => e instanceof OpenAI.AuthenticationError,
  );
  await assert.rejects(
    new Anthropic({ apiKey: 'nope', baseURL: h.url, maxRetries: 0 }).messages.create(msgs as Anthropic.MessageCreateParamsNonStreaming),
    (e: unknown) => e instanceof Anthropic.AuthenticationError,
  );
  const denied = (await h.recorded()).filter((e) => e.response.status === 401);
  assert.equal(denied.length, 6);
  for (const ex of denied) {
    assert.equal(ex.account, 'anonymous');
    assert.equal(ex.response.denied, 'auth');
    assert.ok(exchangeSchema.safeParse(ex).success);
  }
});

test('400 for malformed JSON and for bodies that fail the schema; 413 over the body limit', async () => {
  const auth = { authorization: `Bearer ${h.key}` };
  const r1 = await post(h.url, '/v1/chat/completions', '{"model": "demo-1", "messages": [', auth);
  assert.equal(r1.status, 400);
  assertOpenAIError(r1.body, 'invalid_request_error');
  const r2 = await post(h.url, '/v1/chat/completions', JSON.stringify({ model: 'demo-1', messages: [] }), auth);
  assert.equal(r2.status, 400);
  assert.match(String((r2.body.error as { message: string }).message), /messages/);
  const r3 = await post(h.url, '/v1/messages', JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'x' }] }), { 'x-api-key': h.key });
  assert.equal(r3.status, 400);
  assertAnthropicError(r3.body, 'invalid_request_error');
  const big = JSON.stringify({ ...chat, messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] });
  const r4 = await post(h.url, '/v1/chat/completions', big, auth);
  assert.equal(r4.status, 413);
  assertOpenAIError(r4.body);
  const r5 = await post(h.url, '/v1/messages', big, { 'x-api-key': h.key });
  assert.equal(r5.status, 413);
  assertAnthropicError(r5.body, 'request_too_large');

  const recorded = (await h.recorded()).filter((e) => e.account === 'acct_test' && e.response.status >= 400);
  assert.deepEqual(
    recorded.map((e) => [e.response.status, e.response.denied]).sort(),
    [[400, 'invalid_request'], [400, 'invalid_request'], [400, 'malformed_json'], [413, 'body_too_large'], [413, 'body_too_large']],
  );
  const schemaFail = recorded.find((e) => e.response.status === 400 && e.model === 'demo-1');
  assert.ok(schemaFail, 'a schema failure keeps the model and request it had');
});

test('502 when the upstream is unreachable, in both shapes, recorded as failed', async () => {
  const r1 = await post(down.url, '/v1/chat/completions', JSON.stringify(chat), { authorization: `Bearer ${down.key}` });
  assert.equal(r1.status, 502);
  assertOpenAIError(r1.body, 'api_error');
  const r2 = await post(down.url, '/v1/messages', JSON.stringify(msgs), { 'x-api-key': down.key });
  assert.equal(r2.status, 502);
  assertAnthropicError(r2.body, 'api_error');
  const rec = await down.recorded();
  assert.deepEqual(rec.map((e) => e.response.status), [502, 502]);
  assert.match(rec[0]!.response.error ?? '', /unreachable/);
});

test('504 when the upstream does not answer in time', async () => {
  const r1 = await post(bad.url, '/v1/chat/completions', JSON.stringify({ ...chat, model: 'slow' }), { authorization: `Bearer ${bad.key}` });
  assert.equal(r1.status, 504);
  assertOpenAIError(r1.body, 'api_error');
  const r2 = await post(bad.url, '/v1/messages', JSON.stringify({ ...msgs, model: 'slow' }), { 'x-api-key': bad.key });
  assert.equal(r2.status, 504);
  assertAnthropicError(r2.body, 'timeout_error');
});

test('the upstream\'s own errors pass through with their status and are recorded', async () => {
  const r = await post(bad.url, '/v1/chat/completions', JSON.stringify({ ...chat, model: 'bad-request' }), { authorization: `Bearer ${bad.key}` });
  assert.equal(r.status, 400);
  assert.equal((r.body.error as { message: string }).message, 'upstream says no');
  const ex = (await bad.recorded()).find((e) => e.model === 'bad-request');
  assert.equal(ex?.response.error, 'upstream says no');
});

test('an upstream reset mid-stream gives SDK clients a clean error and is recorded as failed', async () => {
  const client = new OpenAI({ apiKey: bad.key, baseURL: `${bad.url}/v1`, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'reset-mid-stream', messages: [{ role: 'user', content: 'x' }], stream: true });
  let text = '';
  await assert.rejects(async () => {
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
  }, (e: unknown) => e instanceof OpenAI.APIError && /broke in the middle of the stream/.test(e.message));
  assert.equal(text, 'Hello wor');

  const anth = new Anthropic({ apiKey: bad.key, baseURL: bad.url, maxRetries: 0 });
  await assert.rejects(
    anth.messages.stream({ model: 'reset-mid-stream', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage(),
    (e: unknown) => e instanceof Anthropic.APIError,
  );
  const stall = await client.chat.completions.create({ model: 'stall-mid-stream', messages: [{ role: 'user', content: 'x' }], stream: true });
  await assert.rejects(async () => {
    for await (const _ of stall);
  }, /stopped answering/);

  const rec = await bad.recorded();
  const reset = rec.filter((e) => e.model === 'reset-mid-stream');
  assert.equal(reset.length, 2);
  for (const ex of reset) {
    assert.equal(ex.response.status, 502);
    assert.match(ex.response.error ?? '', /middle of the stream/);
    assert.equal(ex.response.text, 'Hello wor');
  }
  assert.equal(rec.find((e) => e.model === 'stall-mid-stream')?.response.status, 504);
});

test('healthz, metrics and unknown routes', async () => {
  assert.equal((await post(h.url, '/v1/chat/completions', JSON.stringify(chat), { authorization: `Bearer ${h.key}` })).status, 200);
  assert.deepEqual(await (await fetch(`${h.url}/healthz`)).json(), { status: 'ok' });
  const metrics = await (await fetch(`${h.url}/metrics`)).text();
  assert.match(metrics, /hydrawatch_requests_total\{endpoint="chat.completions",status="401"\} \d+/);
  assert.match(metrics, /hydrawatch_denials_total\{reason="auth"\}/);
  assert.match(metrics, /hydrawatch_upstream_latency_seconds_bucket/);
  assert.match(metrics, /hydrawatch_recorder_queue_depth \d+/);
  const nf = await fetch(`${h.url}/v1/nothing`, { headers: { authorization: `Bearer ${h.key}` } });
  assert.equal(nf.status, 404);
  assertOpenAIError((await nf.json()) as Record<string, unknown>);
});
