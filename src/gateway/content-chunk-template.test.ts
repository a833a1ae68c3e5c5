import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContentChunkTemplate } from './content-chunk-template.js';
import { contentOnly } from './response-summary.js';

const chunkOf = (content: unknown, extra: object = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });
const learn = (data: string) => ContentChunkTemplate.learn(data, contentOnly(JSON.parse(data))!);

test('a template reads the text of chunks of its shape, escapes included, and nothing else', () => {
  const template = learn(chunkOf('Hello'))!;
  assert.ok(template);
  assert.equal(template.index, 0);
  for (const text of ['world', '', 'a "quoted" \\ back\nslash', '中文 😀', '\u0000', 'Hello']) {
    assert.equal(template.contentOf(chunkOf(text)), text, JSON.stringify(text));
  }
  // The same text written with escapes JSON.stringify would not use.
  assert.equal(template.contentOf(chunkOf('ab').replace('"ab"', '"\\u0061\\/b"')), 'a/b');
  // Another shape, more than one string where the text goes, or a broken token: parsed whole instead.
  assert.equal(template.contentOf(chunkOf('x', { usage: { prompt_tokens: 1 } })), undefined);
  assert.equal(template.contentOf(chunkOf('x').replace('"x"', '"x","reasoning":"y"')), undefined);
  assert.equal(template.contentOf(chunkOf('x').replace('"x"', '"x\\"')), undefined);
  assert.equal(template.contentOf(chunkOf('x').replace('"x"', '"x\\q"')), undefined);
  assert.equal(template.contentOf(chunkOf('x').replace('"x"', '"\n"')), undefined);
  assert.equal(template.contentOf(chunkOf('x').replace('"x"', '7')), undefined);
  assert.equal(template.contentOf('[DONE]'), undefined);
});

test('no template where the text is not found once as JSON.stringify writes it, or is not the text JSON.parse keeps', () => {
  // The text is also the model's name: two places.
  assert.equal(learn(chunkOf('m')), null);
  // Written with an escape: not found.
  assert.equal(learn(chunkOf('ab').replace('"ab"', '"\\u0061b"')), null);
  // A repeated key: JSON.parse keeps the last `content`, and the first is where the text is found.
  const repeated = '{"choices":[{"index":0,"delta":{"content":"early","content":"kept"},"finish_reason":null}]}';
  assert.equal(JSON.parse(repeated).choices[0].delta.content, 'kept');
  assert.equal(ContentChunkTemplate.learn(repeated, { index: 0, content: 'early' }), null);
  const template = ContentChunkTemplate.learn(repeated, { index: 0, content: 'kept' })!;
  assert.equal(template.contentOf(repeated.replace('"kept"', '"new"')), 'new');
});

test('contentOnly accepts only chunks whose whole effect on the summary is their text', () => {
  const parsed = (s: string) => contentOnly(JSON.parse(s));
  assert.deepEqual(parsed(chunkOf('t')), { index: 0, content: 't' });
  assert.deepEqual(contentOnly({ choices: [{ index: 2, delta: { content: 't', role: 'assistant' }, finish_reason: null }] }), { index: 2, content: 't' });
  for (const chunk of [
    { choices: [{ delta: { content: 't' }, finish_reason: 'stop' }] },
    { choices: [{ delta: { content: 't', reasoning_content: 'r' } }] },
    { choices: [{ delta: { content: 't', reasoning: 'r' } }] },
    { choices: [{ delta: { content: 't', tool_calls: [] } }] },
    { choices: [{ delta: { content: 't' } }], usage: { completion_tokens: 3 } },
    { choices: [{ delta: { content: 't' } }, { delta: { content: 'u' } }] },
    { choices: [{ delta: { content: 5 } }] },
    { choices: [{ text: 't' }] },
    { choices: [] },
    [],
    't',
  ]) {
    assert.equal(contentOnly(chunk), null, JSON.stringify(chunk));
  }
});
