import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeRequest } from './normalize.js';
import { ENDPOINTS } from './exchange.js';
import { anthropicMessagesBody, openAIChatBody, responsesBody } from '../../test/fuzz/arbitraries.js';
import { DEEP_SHARE, deepDepth, fuzzParameters, hostileJson, withinBudget, withOneFieldBroken } from '../../test/fuzz/fuzz.js';

const BODY_FIELDS = ['model', 'messages', 'system', 'input', 'instructions', 'prompt', 'tools', 'max_tokens', 'n', 'logprobs', 'temperature', 'stream', 'thinking', 'reasoning', 'content', 'role', 'type', 'text'];
const endpoint = fc.oneof(fc.constantFrom(...ENDPOINTS), fc.string({ maxLength: 8 }));

/** What must hold of any normalised request, whatever the body was. */
function assertWellFormed(n: ReturnType<typeof normalizeRequest>): void {
  const users = n.turns.filter((t) => t.role === 'user');
  assert.equal(n.userTurns, users.length);
  assert.equal(n.lastUserText, users.at(-1)?.text ?? '');
  for (const t of n.turns) assert.equal(typeof t.text, 'string');
  assert.equal(typeof n.system, 'string');
  assert.ok(Number.isInteger(n.images) && n.images >= 0);
  assert.ok(Number.isFinite(n.n));
  for (const v of [n.maxTokens, n.temperature, n.topP, n.topLogprobs]) assert.ok(v === null || Number.isFinite(v));
  assert.ok(n.toolNames.every((t) => typeof t === 'string'));
}

const anyBody = fc.oneof(
  hostileJson(BODY_FIELDS).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)),
  withOneFieldBroken(openAIChatBody, ['messages', 'model', 'tools', 'n', 'max_tokens', 'logprobs']),
  withOneFieldBroken(anthropicMessagesBody, ['messages', 'system', 'tools', 'thinking', 'max_tokens']),
  withOneFieldBroken(responsesBody, ['input', 'instructions', 'reasoning', 'max_output_tokens']),
);

test('fuzz: any JSON body normalises without throwing or hanging, to a well-formed request', () => {
  fc.assert(
    fc.property(anyBody, endpoint, (body, ep) => {
      assertWellFormed(withinBudget(() => normalizeRequest(body, ep)));
    }),
    fuzzParameters(),
  );
});

/** Text of an OpenAI content as a reader expects it: the string, or the text parts joined by newlines. */
const openAIText = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.filter((p) => p.type === 'text').map((p) => p.text as string).join('\n') : '';

test('fuzz: an OpenAI chat body normalises to its own turns, system prompt, images and sampling', () => {
  fc.assert(
    fc.property(openAIChatBody, (body) => {
      const n = normalizeRequest(body, 'chat.completions');
      const isSystem = (role: string) => role === 'system' || role === 'developer';
      const turns = body.messages.filter((m) => !isSystem(m.role));
      assert.deepEqual(
        n.turns.map((t) => t.text),
        turns.map((m) => openAIText(m.content)),
      );
      const system = body.messages.filter((m) => isSystem(m.role)).map((m) => openAIText(m.content)).filter((s) => s.length > 0);
      assert.equal(n.system, system.join('\n\n'));
      const images = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((p) => p.type === 'image_url').length;
      assert.equal(n.images, images);
      assert.equal(n.maxTokens, body.max_tokens ?? null);
      assert.equal(n.n, body.n ?? 1);
      assert.equal(n.stream, body.stream === true);
      assert.equal(n.logprobs, body.logprobs === true);
      assert.deepEqual(n.toolNames, (body.tools ?? []).map((t) => t.function.name));
      assertWellFormed(n);
    }),
    fuzzParameters(),
  );
});

test('fuzz: an Anthropic Messages body normalises to its turns, images (tool results included) and thinking', () => {
  fc.assert(
    fc.property(anthropicMessagesBody, (body) => {
      const n = normalizeRequest(body, 'messages');
      assert.equal(n.turns.length, body.messages.length);
      const blocks = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
      assert.equal(n.images, blocks.filter((b) => b.type === 'image').length);
      assert.equal(n.maxTokens, body.max_tokens);
      assert.equal(n.thinking, body.thinking !== undefined && body.thinking.type !== 'disabled');
      assert.deepEqual(n.toolNames, (body.tools ?? []).map((t) => t.name));
      assertWellFormed(n);
    }),
    fuzzParameters(),
  );
});

test('fuzz: a Responses body normalises its instructions and input', () => {
  fc.assert(
    fc.property(responsesBody, (body) => {
      const n = normalizeRequest(body, 'responses');
      const expectedTurns = typeof body.input === 'string' ? 1 : body.input.filter((m) => m.role !== 'developer').length;
      assert.equal(n.turns.length, expectedTurns);
      assert.equal(n.maxTokens, body.max_output_tokens ?? null);
      assert.equal(n.thinking, body.reasoning !== undefined);
      assertWellFormed(n);
    }),
    fuzzParameters(),
  );
});

test('fuzz: tool results nested far past any real conversation do not overflow the stack', () => {
  fc.assert(
    fc.property(deepDepth, fc.constantFrom('messages', 'chat.completions', 'responses'), (depth, ep) => {
      let content: unknown = [{ type: 'text', text: 'leaf' }];
      for (let i = 0; i < depth; i++) content = [{ type: 'tool_result', content }];
      const body = ep === 'responses' ? { input: [{ role: 'user', content }] } : { messages: [{ role: 'user', content }] };
      assertWellFormed(withinBudget(() => normalizeRequest(body, ep)));
    }),
    fuzzParameters(10, DEEP_SHARE),
  );
});

test('20,000 nested tool results (a 700 KB body) normalise; text within the first levels is still read', () => {
  let content: unknown = [{ type: 'text', text: 'deep leaf' }];
  for (let i = 0; i < 20_000; i++) content = [{ type: 'tool_result', content }];
  assert.equal(normalizeRequest({ messages: [{ role: 'user', content }] }, 'messages').userTurns, 1);
  const shallow = [{ type: 'tool_result', content: [{ type: 'tool_result', content: [{ type: 'text', text: 'two levels' }] }] }];
  assert.equal(normalizeRequest({ messages: [{ role: 'user', content: shallow }] }, 'messages').lastUserText, 'two levels');
});
