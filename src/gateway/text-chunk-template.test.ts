import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textOnly } from './response-summary.js';
import { TextChunkTemplate } from './text-chunk-template.js';

const chunkOf = (content: unknown, extra: object = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });
const learn = (data: string) => TextChunkTemplate.learn(data, textOnly(JSON.parse(data))!);

test('a template reads the text of chunks of its shape, escapes included, and nothing else', () => {
  const template = learn(chunkOf('Hello'))!;
  assert.ok(template);
  assert.equal(template.index, 0);
  for (const text of ['world', '', 'a "quoted" \\ back\nslash', '中文 😀', '\u0000', 'Hello']) {
    assert.equal(template.textOf(chunkOf(text)), text, JSON.stringify(text));
  }
  // The same text written with escapes JSON.stringify would not use.
  assert.equal(template.textOf(chunkOf('ab').replace('"ab"', '"\\u0061\\/b"')), 'a/b');
  // Another shape, more than one string where the text goes, or a broken token: parsed whole instead.
  assert.equal(template.textOf(chunkOf('x', { usage: { prompt_tokens: 1 } })), undefined);
  assert.equal(template.textOf(chunkOf('x').replace('"x"', '"x","reasoning":"y"')), undefined);
  assert.equal(template.textOf(chunkOf('x').replace('"x"', '"x\\"')), undefined);
  assert.equal(template.textOf(chunkOf('x').replace('"x"', '"x\\q"')), undefined);
  assert.equal(template.textOf(chunkOf('x').replace('"x"', '"\n"')), undefined);
  assert.equal(template.textOf(chunkOf('x').replace('"x"', '7')), undefined);
  assert.equal(template.textOf('[DONE]'), undefined);
});

test('no template where the text is not found once as JSON.stringify writes it, or is not the text JSON.parse keeps', () => {
  // The text is also the model's name: two places.
  assert.equal(learn(chunkOf('m')), null);
  // Written with an escape: not found.
  assert.equal(learn(chunkOf('ab').replace('"ab"', '"\\u0061b"')), null);
  // A repeated key: JSON.parse keeps the last `content`, and the first is where the text is found.
  const repeated = '{"choices":[{"index":0,"delta":{"content":"early","content":"kept"},"finish_reason":null}]}';
  assert.equal(JSON.parse(repeated).choices[0].delta.content, 'kept');
  assert.equal(TextChunkTemplate.learn(repeated, { index: 0, key: 'content', text: 'early' }), null);
  const template = TextChunkTemplate.learn(repeated, { index: 0, key: 'content', text: 'kept' })!;
  assert.equal(template.textOf(repeated.replace('"kept"', '"new"')), 'new');
});

test('a reasoning chunk makes a template of its own', () => {
  const reasoning = (text: string) => JSON.stringify({ choices: [{ index: 1, delta: { reasoning_content: text }, finish_reason: null }] });
  const template = learn(reasoning('Let me think.'))!;
  assert.deepEqual([template.index, template.key], [1, 'reasoning_content']);
  assert.equal(template.textOf(reasoning('Then "this".')), 'Then "this".');
  assert.equal(template.textOf(chunkOf('Then')), undefined);
});

test('textOnly accepts only chunks whose whole effect on the summary is one text', () => {
  const parsed = (s: string) => textOnly(JSON.parse(s));
  assert.deepEqual(parsed(chunkOf('t')), { index: 0, key: 'content', text: 't' });
  assert.deepEqual(textOnly({ choices: [{ index: 2, delta: { content: 't', role: 'assistant' }, finish_reason: null }] }), { index: 2, key: 'content', text: 't' });
  assert.deepEqual(textOnly({ choices: [{ delta: { reasoning_content: 'r', reasoning: '' } }] }), { index: 0, key: 'reasoning_content', text: 'r' });
  assert.deepEqual(textOnly({ choices: [{ delta: { reasoning_content: '', reasoning: 'r' } }] }), { index: 0, key: 'reasoning', text: 'r' });
  for (const chunk of [
    { choices: [{ delta: { content: 't' }, finish_reason: 'stop' }] },
    { choices: [{ delta: { content: 't', reasoning_content: 'r' } }] },
    { choices: [{ delta: { content: 't', reasoning: 'r' } }] },
    { choices: [{ delta: { reasoning_content: 'r', reasoning: 's' } }] },
    { choices: [{ delta: { reasoning_content: 'r' }, text: 't' }] },
    { choices: [{ delta: { reasoning: 'r', content: null }, text: '' }] },
    { choices: [{ delta: { content: 't', tool_calls: [] } }] },
    { choices: [{ delta: { content: 't' } }], usage: { completion_tokens: 3 } },
    { choices: [{ delta: { content: 't' } }, { delta: { content: 'u' } }] },
    { choices: [{ delta: { content: 5 } }] },
    { choices: [{ text: 't' }] },
    { choices: [] },
    [],
    't',
  ]) {
    assert.equal(textOnly(chunk), null, JSON.stringify(chunk));
  }
});
