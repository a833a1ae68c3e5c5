/** The request guard and the exchange tap: how enforcement and online detection plug into the gateway. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { allowAll, noTap, type GuardContext, type GuardResult } from '../../src/gateway/hooks.js';
import type { StreamEvent } from '../../src/gateway/sse.js';
import { startHarness, type Harness } from './harness.js';

let upstream: DemoUpstream;
let h: Harness;
const tapped: Exchange[] = [];
const seen: GuardContext[] = [];

/** Strips reasoning from whatever the client receives, in both API shapes. */
const withholdReasoning: NonNullable<Extract<GuardResult, { action: 'allow' }>['transform']> = {
  json(body) {
    const b = structuredClone(body) as { choices?: { message: Record<string, unknown> }[]; content?: { type: string }[] };
    for (const c of b.choices ?? []) delete c.message.reasoning_content;
    if (b.content) b.content = b.content.filter((x) => x.type !== 'thinking');
    return b as Record<string, unknown>;
  },
  stream: () => (ev: StreamEvent) => {
    const d = ev.data as { choices?: { delta: Record<string, unknown> }[]; content_block?: { type: string }; delta?: { type: string } };
    if (d.choices?.[0]?.delta.reasoning_content !== undefined) return [];
    if (d.content_block?.type === 'thinking' || d.delta?.type === 'thinking_delta') return [];
    return [ev];
  },
};

before(async () => {
  upstream = await startDemoUpstream();
  h = await startHarness(upstream.url, {}, {
    guard: (ctx) => {
      seen.push(ctx);
      if (ctx.model === 'blocked') return { action: 'deny', status: 403, message: 'account blocked', reason: 'blocked' };
      if (ctx.model === 'throttled') {
        return { action: 'deny', status: 429, message: 'slow down', reason: 'throttled', headers: { 'retry-after': '7' } };
      }
      if (ctx.normalized.lastUserText.includes('step by step')) return { action: 'allow', transform: withholdReasoning };
      if (ctx.model === 'broken') {
        return { action: 'allow', transform: { stream: () => () => { throw new Error('transform bug'); } } };
      }
      if (ctx.model === 'capped') return { action: 'allow', request: { ...ctx.body, max_tokens: 3 } };
      return { action: 'allow' };
    },
    tap: (ex) => tapped.push(ex),
  });
});
after(async () => {
  await h.close();
  await upstream.close();
});

test('the guard sees who asks what, and its denials answer in the API shape and are recorded', async () => {
  const openai = new OpenAI({ apiKey: h.key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  await assert.rejects(
    openai.chat.completions.create({ model: 'blocked', messages: [{ role: 'user', content: 'hi' }] }),
    (e: unknown) => e instanceof OpenAI.PermissionDeniedError && /account blocked/.test(e.message),
  );
  const res = await fetch(`${h.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'throttled', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '7');
  assert.deepEqual(await res.json(), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
  const ctx = seen.find((c) => c.model === 'blocked')!;
  assert.equal(ctx.account.id, 'acct_test');
  assert.equal(ctx.ip, '127.0.0.1');
  assert.equal(ctx.endpoint, 'chat.completions');
  assert.equal(ctx.normalized.lastUserText, 'hi');
  const denied = (await h.recorded()).filter((e) => e.response.denied);
  assert.deepEqual(denied.map((e) => [e.model, e.response.status, e.response.denied]).sort(), [
    ['blocked', 403, 'blocked'],
    ['throttled', 429, 'throttled'],
  ]);
});

test('a response transform rewrites what the client gets, streaming and not, in both APIs', async () => {
  const openai = new OpenAI({ apiKey: h.key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  const ask = [{ role: 'user' as const, content: 'Solve it step by step' }];
  const plain = await openai.chat.completions.create({ model: 'demo-1', messages: ask });
  assert.equal((plain.choices[0]!.message as { reasoning_content?: string }).reasoning_content, undefined);
  assert.ok(plain.choices[0]!.message.content);
  const stream = await openai.chat.completions.create({ model: 'demo-1', messages: ask, stream: true });
  let reasoning = '';
  let text = '';
  for await (const c of stream) {
    reasoning += (c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    text += c.choices[0]?.delta.content ?? '';
  }
  assert.equal(reasoning, '');
  assert.equal(text, plain.choices[0]!.message.content);

  const anthropic = new Anthropic({ apiKey: h.key, baseURL: h.url, maxRetries: 0 });
  const msg = await anthropic.messages.stream({ model: 'demo-1', max_tokens: 100, messages: ask }).finalMessage();
  assert.deepEqual(msg.content.map((b) => b.type), ['text']);
  const recorded = (await h.recorded()).filter((e) => e.response.status === 200 && JSON.stringify(e.request).includes('step by step'));
  assert.equal(recorded.length, 3);
  for (const ex of recorded) assert.equal(ex.response.reasoning, undefined, 'the recorded response is what the client got');
});

test('a rewritten request is what the upstream sees; the log keeps what the client sent', async () => {
  const openai = new OpenAI({ apiKey: h.key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  const r = await openai.chat.completions.create({ model: 'capped', max_tokens: 500, messages: [{ role: 'user', content: 'Tell me a long story' }] });
  assert.equal(r.choices[0]!.finish_reason, 'length');
  assert.equal(r.choices[0]!.message.content!.split(' ').length, 3);
  const ex = (await h.recorded()).find((e) => e.model === 'capped')!;
  assert.equal(ex.request.max_tokens, 500);
});

test('a transform that throws ends that stream with an error, and the gateway carries on', async () => {
  const openai = new OpenAI({ apiKey: h.key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  const stream = await openai.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'x' }], stream: true });
  await assert.rejects(async () => {
    for await (const _ of stream);
  }, (e: unknown) => e instanceof OpenAI.APIError);
  const ok = await openai.chat.completions.create({ model: 'demo-1', messages: [{ role: 'user', content: 'still there?' }] });
  assert.ok(ok.choices[0]!.message.content);
  const ex = (await h.recorded()).find((e) => e.model === 'broken')!;
  assert.equal(ex.response.status, 500);
  assert.match(ex.response.error ?? '', /transform bug/);
});

test('the tap is told about every exchange, and removing the hooks restores the defaults', async () => {
  const all = await h.recorded();
  assert.deepEqual(tapped.map((e) => e.id).sort(), all.map((e) => e.id).sort());
  h.gateway.setGuard(allowAll);
  h.gateway.setTap(noTap);
  const before = tapped.length;
  const openai = new OpenAI({ apiKey: h.key, baseURL: `${h.url}/v1`, maxRetries: 0 });
  await openai.chat.completions.create({ model: 'blocked', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(tapped.length, before);
});
