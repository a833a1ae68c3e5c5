/**
 * The Responses, legacy Completions and Embeddings routes through the gateway with the official OpenAI SDK,
 * streaming and not, in front of the demo upstream: answered as the upstream answers and recorded with what
 * detection reads (the prompt from `input` and `instructions`, tools, reasoning effort; for embeddings the size of
 * the batch and no text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { exchangeSchema, type Exchange } from '../../src/exchange/exchange.js';
import { normalizeExchange } from '../../src/exchange/normalize.js';
import { demoGatewayFixture } from './harness.js';

/** The answer text of a response as the SDK's stream helper rebuilt it (it leaves `output_text` unset). */
const outputText = (r: OpenAI.Responses.Response): string =>
  r.output.flatMap((o) => (o.type === 'message' ? o.content.flatMap((c) => (c.type === 'output_text' ? [c.text] : [])) : [])).join('');

const demo = demoGatewayFixture();

const openai = () => new OpenAI({ apiKey: demo.harness.key, baseURL: `${demo.harness.url}/v1`, maxRetries: 0 });

async function recordedFor(endpoint: string): Promise<Exchange[]> {
  const all = (await demo.harness.recorded()).filter((e) => e.endpoint === endpoint);
  for (const ex of all) assert.ok(exchangeSchema.safeParse(ex).success, JSON.stringify(ex));
  return all;
}

test('Responses API: whole and streamed, reasoning items kept, prompt from input and instructions recorded', async () => {
  const client = openai();
  const ask = {
    model: 'demo-1',
    instructions: 'You are a patient tutor.',
    input: 'Explain binary search step by step',
    reasoning: { effort: 'high' as const, summary: 'auto' as const },
  };
  const whole = await client.responses.create(ask);
  assert.equal(whole.status, 'completed');
  assert.match(whole.output_text, /explain binary search step/);
  const reasoning = whole.output.find((o) => o.type === 'reasoning');
  assert.ok(reasoning && reasoning.type === 'reasoning' && reasoning.summary[0]!.text.length > 20);
  assert.ok((whole.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);

  let streamedText = '';
  let streamedReasoning = '';
  const types = new Set<string>();
  for await (const ev of await client.responses.create({ ...ask, stream: true })) {
    types.add(ev.type);
    if (ev.type === 'response.output_text.delta') streamedText += ev.delta;
    if (ev.type === 'response.reasoning_summary_text.delta') streamedReasoning += ev.delta;
  }
  assert.equal(streamedText, whole.output_text);
  assert.equal(streamedReasoning, reasoning.summary[0]!.text);
  for (const t of ['response.created', 'response.output_item.added', 'response.completed']) assert.ok(types.has(t), t);

  // The SDK's stream helper rebuilds the response from the events: it must find every output where it expects it.
  const final = await client.responses.stream(ask).finalResponse();
  assert.equal(outputText(final), whole.output_text);

  const recorded = await recordedFor('responses');
  assert.equal(recorded.length, 3);
  for (const ex of recorded) {
    assert.equal(ex.response.status, 200);
    assert.equal(ex.response.text, whole.output_text);
    assert.equal(ex.response.reasoning, reasoning.summary[0]!.text);
    assert.equal(ex.response.finish_reason, 'completed');
    assert.equal(ex.response.input_tokens, whole.usage!.input_tokens);
    assert.equal(ex.response.reasoning_tokens, whole.usage!.output_tokens_details.reasoning_tokens);
    assert.deepEqual(ex.request.reasoning, { effort: 'high', summary: 'auto' });
    const n = normalizeExchange(ex);
    assert.equal(n.system, 'You are a patient tutor.');
    assert.equal(n.lastUserText, 'Explain binary search step by step');
    assert.equal(n.thinking, true);
  }
  assert.deepEqual(recorded.map((e) => e.response.streamed ?? false).sort(), [false, true, true]);
});

test('Responses API: input items with a function call round trip, tools recorded', async () => {
  const client = openai();
  const tools = [{ type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }];
  const input: OpenAI.Responses.ResponseInput = [
    { role: 'user', content: [{ type: 'input_text', text: 'Find the capital of Peru' }] },
    { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":"Peru"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'Lima' },
  ];
  const res = await client.responses.create({ model: 'demo-1', input, tools });
  assert.equal(res.status, 'completed');
  const ex = (await recordedFor('responses')).at(-1)!;
  const n = normalizeExchange(ex);
  assert.deepEqual(n.turns.map((t) => [t.role, t.text]), [['user', 'Find the capital of Peru'], ['assistant', '{"q":"Peru"}'], ['tool', 'Lima']]);
  assert.deepEqual(n.toolNames, ['lookup']);
  const calls = res.output.filter((o) => o.type === 'function_call').length;
  assert.equal(ex.response.tool_calls, calls);
});

test('legacy Completions: text or a list of prompts, streaming and not', async () => {
  const client = openai();
  const whole = await client.completions.create({ model: 'demo-1', prompt: 'Write a haiku about rivers', max_tokens: 64 });
  const text = whole.choices[0]!.text;
  assert.match(text, /haiku about rivers/);
  let streamed = '';
  for await (const c of await client.completions.create({ model: 'demo-1', prompt: 'Write a haiku about rivers', max_tokens: 64, stream: true })) {
    streamed += c.choices[0]?.text ?? '';
  }
  assert.equal(streamed, text);
  const two = await client.completions.create({ model: 'demo-1', prompt: ['first prompt here', 'second prompt here'], max_tokens: 64 });
  assert.equal(two.choices.length, 2);

  const recorded = await recordedFor('completions');
  assert.equal(recorded.length, 3);
  assert.equal(recorded[0]!.response.text, text);
  assert.equal(recorded[1]!.response.text, text);
  assert.equal(recorded[1]!.response.streamed, true);
  assert.ok((recorded[1]!.response.input_tokens ?? 0) > 0, 'counted when a stream reports no usage');
  assert.equal(normalizeExchange(recorded[0]!).lastUserText, 'Write a haiku about rivers');
  assert.equal(normalizeExchange(recorded[2]!).lastUserText, 'first prompt here\nsecond prompt here');
});

test('Embeddings: vectors as the SDK asks for them (base64 by default, or floats); batch size recorded, no text', async () => {
  const client = openai();
  const viaBase64 = await client.embeddings.create({ model: 'demo-embed', input: ['alpha beta', 'gamma delta'] });
  assert.equal(viaBase64.data.length, 2);
  assert.equal(viaBase64.data[0]!.embedding.length, 64);
  const floats = await client.embeddings.create({ model: 'demo-embed', input: 'alpha beta', encoding_format: 'float', dimensions: 16 });
  assert.equal(floats.data[0]!.embedding.length, 16);
  assert.ok(Math.abs(viaBase64.data[0]!.embedding[0]! - (await client.embeddings.create({ model: 'demo-embed', input: 'alpha beta', encoding_format: 'float' })).data[0]!.embedding[0]!) < 1e-6);

  const recorded = await recordedFor('embeddings');
  assert.equal(recorded.length, 3);
  const [batch, small] = recorded;
  assert.equal(batch!.response.embeddings, 2);
  assert.equal(batch!.response.dimensions, 64);
  assert.equal(small!.response.dimensions, 16);
  assert.equal(batch!.response.text, undefined);
  assert.equal(batch!.response.output_tokens, 0);
  assert.equal(batch!.response.input_tokens, viaBase64.usage.prompt_tokens);
  assert.equal(normalizeExchange(batch!).lastUserText, 'alpha beta\ngamma delta');
});

test('the new routes refuse bad keys and bad bodies in the OpenAI shape, and record them', async () => {
  const nokey = new OpenAI({ apiKey: 'nope', baseURL: `${demo.harness.url}/v1`, maxRetries: 0 });
  await assert.rejects(nokey.responses.create({ model: 'demo-1', input: 'x' }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  await assert.rejects(nokey.embeddings.create({ model: 'demo-1', input: 'x' }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  const bad = await fetch(`${demo.harness.url}/v1/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.harness.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo-1', input: [] }),
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /^input: /);
  const denied = (await demo.harness.recorded()).filter((e) => e.response.status >= 400);
  assert.deepEqual(
    denied.map((e) => [e.endpoint, e.response.status, e.response.denied]),
    [['responses', 401, 'auth'], ['embeddings', 401, 'auth'], ['embeddings', 400, 'invalid_request']],
  );
});
