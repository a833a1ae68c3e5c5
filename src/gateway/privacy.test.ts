import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exchangeSchema, type Exchange } from '../exchange/exchange.js';
import { recordFilterFor, signalsOnly } from './privacy.js';
import { exchangeToolSchema, toolSchemaFingerprint } from '../signals/tool-schema.js';
import { fuzzParameters } from '../../test/fuzz/fuzz.js';

const SECRET = 'PINEAPPLE-7731';

function exchange(request: Record<string, unknown>, account = 'acct_1'): Exchange {
  return exchangeSchema.parse({
    id: 'x1',
    ts: '2026-02-20T10:11:12.000Z',
    account,
    ip: '198.51.100.7',
    user_agent: 'sdk/1.0',
    model: 'm-1',
    endpoint: 'chat.completions',
    request,
    response: { status: 200, text: `answer ${SECRET}`, reasoning: `thinking ${SECRET}`, input_tokens: 12, output_tokens: 40, finish_reason: 'stop', latency_ms: 80 },
  });
}

const chat = {
  model: 'm-1',
  temperature: 0.7,
  n: 4,
  stream: true,
  max_tokens: 2048,
  messages: [
    { role: 'system', content: `You are a grader. ${SECRET}` },
    { role: 'user', content: [{ type: 'text', text: `Think step by step and show your full reasoning: ${SECRET}` }] },
  ],
  tools: [{ type: 'function', function: { name: 'search', description: SECRET, parameters: { type: 'object' } } }],
};

test('signals mode keeps facts, settings, counts and fingerprints, and no prompt, system, tool or answer text', () => {
  const reduced = signalsOnly(exchange(chat));
  const json = JSON.stringify(reduced);
  assert.equal(json.includes(SECRET), false, 'text leaked into the stored exchange');
  assert.equal(exchangeSchema.safeParse(reduced).success, true, 'the reduced exchange is still a valid log line');
  assert.deepEqual(reduced.request, { model: 'm-1', temperature: 0.7, n: 4, stream: true, max_tokens: 2048 });
  assert.equal(reduced.response.output_tokens, 40);
  assert.equal(reduced.response.text, undefined);
  assert.equal((reduced.response as Record<string, unknown>).text_chars, `answer ${SECRET}`.length);
  const r = reduced as Exchange & { privacy: string; signals: Record<string, unknown> };
  assert.equal(r.privacy, 'signals');
  assert.ok((r.signals.cot as number) > 0.5, 'the reasoning-elicitation signal survives');
  assert.deepEqual(r.signals.tool_names, ['search']);
  assert.equal(r.signals.tool_schema, toolSchemaFingerprint(chat.tools), 'the tool-schema fingerprint survives');
  assert.equal(exchangeToolSchema(reduced), exchangeToolSchema(exchange(chat)), 'and detection reads it back');
  assert.equal(typeof r.signals.prompt_sketch, 'string');
  assert.ok((r.signals.prompt_sketch as string).length > 0);
  assert.equal(typeof r.signals.system_sketch, 'string');
  assert.deepEqual(signalsOnly(reduced), reduced, 'reducing twice changes nothing');
});

test('a flagged account keeps its full text; an unflagged one does not; full mode keeps everything', () => {
  const filter = recordFilterFor('signals', (account) => account === 'acct_flagged');
  assert.equal(JSON.stringify(filter(exchange(chat, 'acct_flagged'))).includes(SECRET), true);
  assert.equal(JSON.stringify(filter(exchange(chat, 'acct_ok'))).includes(SECRET), false);
  const full = exchange(chat);
  assert.equal(recordFilterFor('full')(full), full);
});

test('fuzz: whatever the body holds, no text of it survives the reduction', () => {
  const marked = fc.string({ maxLength: 20 }).map((s) => `${SECRET}${s}`);
  const content = fc.oneof(marked, fc.array(fc.record({ type: fc.constant('text'), text: marked }), { minLength: 1, maxLength: 3 }));
  const body = fc.record({
    model: fc.constant('m-1'),
    messages: fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant', 'tool'), content }), { minLength: 1, maxLength: 4 }),
    system: marked,
    input: marked,
    instructions: marked,
    prompt: marked,
    metadata: fc.dictionary(fc.string({ maxLength: 5 }), marked),
    user: marked,
  });
  fc.assert(
    fc.property(body, (b) => {
      assert.equal(JSON.stringify(recordFilterFor('signals')(exchange(b))).includes(SECRET), false);
    }),
    fuzzParameters(),
  );
});
