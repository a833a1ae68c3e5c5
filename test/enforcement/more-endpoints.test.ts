/**
 * Decisions apply on the Responses, legacy Completions and Embeddings routes as on Chat Completions: blocked
 * accounts get 403, throttled ones 429, degraded ones the answer without its reasoning (whole and streamed, read
 * with the official SDK's stream helper), watermarked ones the account's watermark of the answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import pino from 'pino';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { attachOnlineEnforcement, type OnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { Gateway } from '../../src/gateway/server.js';
import { deriveAccountKey, loadWatermarkSecret, watermarkText } from '../../src/protect/watermark/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

/** The answer text of a response as the SDK's stream helper rebuilt it (it leaves `output_text` unset). */
const outputText = (r: OpenAI.Responses.Response): string =>
  r.output.flatMap((o) => (o.type === 'message' ? o.content.flatMap((c) => (c.type === 'output_text' ? [c.text] : [])) : [])).join('');

const ADMIN = 'test-admin-token-456';
let upstream: DemoUpstream;
let gateway: Gateway;
let store: SqliteStore;
let online: OnlineEnforcement;
let url: string;
let dataDir: string;

before(async () => {
  process.env.HYDRAWATCH_WATERMARK_SECRET = 'online-gateway-test-secret';
  dataDir = mkdtempSync(join(tmpdir(), 'hw-more-'));
  upstream = await startDemoUpstream();
  const config = resolveConfig({ upstream: { url: upstream.url }, server: { port: 0 }, data: { dir: dataDir }, recorder: { flush_ms: 20 } }, {});
  store = new SqliteStore(dataDir);
  gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false });
  online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir, adminToken: ADMIN, pollMs: 100, clusters: false });
  await online.started;
  url = await gateway.listen();
});
after(async () => {
  await online.close();
  await gateway.close(2000);
  await store.close();
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function client(account: string): Promise<OpenAI> {
  const { secret } = await store.createKey(account);
  return new OpenAI({ apiKey: secret, baseURL: `${url}/v1`, maxRetries: 0 });
}

async function decide(account: string, action: string): Promise<void> {
  const res = await fetch(`${url}/admin/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ account, action, ttl: '1h' }),
  });
  assert.equal(res.status, 201);
}

const ask = { model: 'm-1', instructions: 'Be brief.', input: 'Explain how a hash table handles collisions.' };

test('a blocked account gets 403 on every new route; a throttled one 429', async () => {
  const blocked = await client('acct_block');
  await decide('acct_block', 'block');
  const refused = (e: unknown) => e instanceof OpenAI.PermissionDeniedError;
  await assert.rejects(blocked.responses.create(ask), refused);
  await assert.rejects(blocked.completions.create({ model: 'm-1', prompt: 'hello' }), refused);
  await assert.rejects(blocked.embeddings.create({ model: 'm-1', input: 'hello' }), refused);

  const throttled = await client('acct_throttle');
  await decide('acct_throttle', 'throttle');
  let limited: unknown = null;
  for (let i = 0; i < 10 && !limited; i++) await throttled.embeddings.create({ model: 'm-1', input: 'x' }).catch((e: unknown) => (limited = e));
  assert.ok(limited instanceof OpenAI.RateLimitError, 'never throttled');

  await gateway.flush();
  const denied: string[] = [];
  for await (const ex of store.exchanges()) if (ex.response.denied === 'blocked') denied.push(ex.endpoint);
  assert.deepEqual(denied.sort(), ['completions', 'embeddings', 'responses']);
});

test('degrade: Responses answers arrive without their reasoning items, whole and streamed, the answer intact', async () => {
  const plain = await (await client('acct_plain')).responses.create(ask);
  assert.ok(plain.output.some((o) => o.type === 'reasoning'), 'the demo upstream sends reasoning');
  const degraded = await client('acct_degrade');
  await decide('acct_degrade', 'degrade');

  const whole = await degraded.responses.create(ask);
  assert.deepEqual(whole.output.map((o) => o.type), ['message']);
  assert.equal(whole.output_text, plain.output_text);

  const types: string[] = [];
  const stream = degraded.responses.stream(ask);
  stream.on('event', (e) => types.push(e.type));
  const final = await stream.finalResponse();
  assert.equal(outputText(final), plain.output_text);
  assert.deepEqual(final.output.map((o) => o.type), ['message']);
  assert.ok(!types.some((t) => t.includes('reasoning')), types.join());

  await gateway.flush();
  const recorded = [];
  for await (const ex of store.exchanges()) if (ex.account === 'acct_degrade' && ex.endpoint === 'responses') recorded.push(ex);
  assert.equal(recorded.length, 2);
  for (const ex of recorded) {
    assert.equal(ex.response.reasoning, undefined, 'the log keeps what was served');
    assert.equal(ex.response.text, plain.output_text);
  }
});

test('degrade with summarise: one short summary per reasoning item, streamed and not', async () => {
  const c = await client('acct_summary');
  // The admin API's degrade withholds; a policy rule (or the store, as here) can ask for a summary instead.
  online.decisions.add({ target: { kind: 'account', id: 'acct_summary' }, action: 'degrade', params: { reasoning: 'summarise' }, reason: 't', actor: 'test' });
  online.cache.refreshFromStore();
  const whole = await c.responses.create(ask);
  const item = whole.output.find((o) => o.type === 'reasoning');
  assert.ok(item && item.type === 'reasoning');
  assert.match(item.summary[0]!.text, /^Reasoning withheld by the provider\./);
  const final = await c.responses.stream(ask).finalResponse();
  const streamed = final.output.find((o) => o.type === 'reasoning');
  assert.ok(streamed && streamed.type === 'reasoning');
  assert.equal(streamed.summary[0]!.text, item.summary[0]!.text);
});

test('watermark: completions and Responses text is the account\'s watermark of the answer, streaming and not', async () => {
  const prompt = 'Explain how a hash table handles collisions, in general.';
  const plain = await client('acct_plain_wm');
  const plainText = (await plain.completions.create({ model: 'm-1', prompt })).choices[0]!.text;
  const plainResponse = (await plain.responses.create({ model: 'm-1', input: prompt })).output_text;
  const marked = await client('acct_wm');
  await decide('acct_wm', 'watermark');
  const key = deriveAccountKey(loadWatermarkSecret(dataDir), 'acct_wm');
  const whole = (await marked.completions.create({ model: 'm-1', prompt })).choices[0]!.text;
  assert.notEqual(whole, plainText, 'this prompt\'s answer has words the watermark substitutes');
  assert.equal(whole, watermarkText(plainText, key));
  let streamed = '';
  for await (const c of await marked.completions.create({ model: 'm-1', prompt, stream: true })) streamed += c.choices[0]?.text ?? '';
  assert.equal(streamed, whole);
  const markedResponse = (await marked.responses.create({ model: 'm-1', input: prompt })).output_text;
  assert.notEqual(markedResponse, plainResponse);
  assert.equal(markedResponse, watermarkText(plainResponse, key));
  let deltas = '';
  const sequence: number[] = [];
  for await (const ev of await marked.responses.create({ model: 'm-1', input: prompt, stream: true })) {
    sequence.push(ev.sequence_number);
    if (ev.type === 'response.output_text.delta') deltas += ev.delta;
    if (ev.type === 'response.output_text.done') assert.equal(ev.text, markedResponse);
  }
  assert.equal(deltas, markedResponse);
  assert.deepEqual(sequence, sequence.map((_, i) => i));
  assert.equal(outputText(await marked.responses.stream({ model: 'm-1', input: prompt }).finalResponse()), markedResponse);
});
