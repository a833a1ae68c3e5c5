/** The official OpenAI and Anthropic SDKs, unchanged, through the gateway in front of the demo upstream. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { exchangeSchema } from '../../src/exchange/exchange.js';
import { demoGatewayFixture } from './harness.js';

const demo = demoGatewayFixture();

const openai = () => new OpenAI({ apiKey: demo.harness.key, baseURL: `${demo.harness.url}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: demo.harness.key, baseURL: demo.harness.url, maxRetries: 0 });

test('OpenAI SDK: chat completion, streaming and not, with reasoning recorded', async () => {
  const client = openai();
  const plain = await client.chat.completions.create({
    model: 'demo-1',
    messages: [{ role: 'user', content: 'Explain hash tables briefly' }],
  });
  const answer = plain.choices[0]!.message.content!;
  assert.match(answer, /explain hash tables briefly/);

  const stream = await client.chat.completions.create({
    model: 'demo-1',
    messages: [{ role: 'user', content: 'Explain hash tables briefly' }],
    stream: true,
  });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  assert.equal(streamed, answer);

  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id), ['demo-1', 'demo-2']);

  const recorded = (await demo.harness.recorded()).filter((e) => e.endpoint === 'chat.completions');
  assert.equal(recorded.length, 2);
  for (const ex of recorded) {
    assert.ok(exchangeSchema.safeParse(ex).success);
    assert.equal(ex.account, 'acct_test');
    assert.equal(ex.ip, '127.0.0.1');
    assert.equal(ex.model, 'demo-1');
    assert.equal(ex.response.status, 200);
    assert.equal(ex.response.text, answer);
    assert.ok((ex.response.reasoning ?? '').length > 20);
    assert.ok((ex.response.input_tokens ?? 0) > 0 && (ex.response.output_tokens ?? 0) > 0);
    assert.equal(ex.response.finish_reason, 'stop');
    assert.match(ex.user_agent ?? '', /OpenAI/);
    assert.deepEqual((ex.request as { messages: unknown }).messages, [{ role: 'user', content: 'Explain hash tables briefly' }]);
  }
});

test('Anthropic SDK: messages translated to Chat Completions, streaming and not, thinking kept', async () => {
  const client = anthropic();
  const msg = await client.messages.create({
    model: 'demo-2',
    max_tokens: 256,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Describe quicksort' }],
  });
  const thinking = msg.content.find((b) => b.type === 'thinking');
  const text = msg.content.find((b) => b.type === 'text');
  assert.ok(thinking && thinking.type === 'thinking' && thinking.thinking.length > 20);
  assert.ok(text && text.type === 'text' && /describe quicksort/.test(text.text));
  assert.equal(msg.stop_reason, 'end_turn');
  assert.ok(msg.usage.input_tokens > 0);

  const stream = client.messages.stream({
    model: 'demo-2',
    max_tokens: 256,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Describe quicksort' }],
  });
  const final = await stream.finalMessage();
  assert.deepEqual(
    final.content.map((b) => b.type),
    ['thinking', 'text'],
  );
  assert.equal((final.content[1] as { text: string }).text, (text as { text: string }).text);
  assert.ok(final.usage.output_tokens > 0);

  const recorded = (await demo.harness.recorded()).filter((e) => e.endpoint === 'messages');
  assert.equal(recorded.length, 2);
  for (const ex of recorded) {
    assert.equal(ex.response.status, 200);
    assert.equal(ex.response.text, (text as { text: string }).text);
    assert.equal(ex.response.reasoning, (thinking as { thinking: string }).thinking);
    assert.equal(ex.response.finish_reason, 'end_turn');
    assert.equal(ex.request.system, 'You are terse.');
  }
});

test('Anthropic SDK: tool use round trip through the translation', async () => {
  const client = anthropic();
  const tools = [{ name: 'lookup', description: 'look something up', input_schema: { type: 'object' as const, properties: {} } }];
  let found = null;
  for (let i = 0; i < 10 && !found; i++) {
    const msg = await client.messages.create({ model: 'demo-1', max_tokens: 100, tools, messages: [{ role: 'user', content: `find item ${i}` }] });
    found = msg.content.find((b) => b.type === 'tool_use') ?? null;
    if (found) {
      assert.equal(msg.stop_reason, 'tool_use');
      const next = await client.messages.create({
        model: 'demo-1',
        max_tokens: 100,
        tools,
        messages: [
          { role: 'user', content: `find item ${i}` },
          { role: 'assistant', content: msg.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: (found as { id: string }).id, content: 'nothing' }] },
        ],
      });
      assert.ok(next.content.length > 0);
    }
  }
  assert.ok(found, 'the demo upstream calls a tool for some prompts');
  assert.equal((found as { name: string }).name, 'lookup');
});
