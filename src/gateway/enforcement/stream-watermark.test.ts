import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveAccountKey, watermarkText } from '../../protect/watermark/index.js';
import { anthropicStreamWatermark, IncrementalWatermark, openAIStreamWatermark } from './stream-watermark.js';

const key = deriveAccountKey('a-test-secret-of-16+', 'acct_1');
const mark = (t: string) => watermarkText(t, key);
const TEXT =
  'We use a large table. However, the color of the center is also big. For example, we utilize it in order to organize data.\n' +
  'Moreover, it is not hard to travel far. But the organization has a big colour problem! Also, do not forget the large centre. ' +
  'In order to help, we use the big organise step. For instance, it is also hard. However, the large map is big.';

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

test('the streamed watermark equals the watermark of the whole text, whatever the piece sizes', () => {
  assert.notEqual(mark(TEXT), TEXT, 'the sample has sites the key changes');
  for (const size of [1, 3, 7, 40]) {
    const w = new IncrementalWatermark(mark);
    let out = '';
    for (const p of pieces(TEXT, size)) out += w.push(p);
    out += w.end();
    assert.equal(out, mark(TEXT), `pieces of ${size}`);
  }
});

test('OpenAI chunks: content watermarked, held text sent before the finish chunk, other fields untouched', () => {
  const t = openAIStreamWatermark(mark);
  const out = [];
  out.push(...t.push({ data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] } }));
  for (const p of pieces(TEXT, 5)) out.push(...t.push({ data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: p }, finish_reason: null }] } }));
  out.push(...t.push({ data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } }));
  out.push(...t.push({ data: '[DONE]' }));
  out.push(...t.end());
  type C = { choices?: { delta: { content?: string }; finish_reason: string | null }[] };
  const text = out.map((e) => (e.data as C).choices?.[0]?.delta.content ?? '').join('');
  assert.equal(text, mark(TEXT));
  const finish = out.findIndex((e) => (e.data as C).choices?.[0]?.finish_reason === 'stop');
  assert.equal(finish, out.length - 2);
  assert.equal(out.at(-1)!.data, '[DONE]');
});

test('Anthropic text blocks: watermarked and flushed before content_block_stop', () => {
  const t = anthropicStreamWatermark(mark);
  const out = [];
  out.push(...t.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } }));
  for (const p of pieces(TEXT, 9)) out.push(...t.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } } }));
  out.push(...t.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } }));
  type D = { type: string; delta?: { text?: string } };
  assert.equal(out.map((e) => (e.data as D).delta?.text ?? '').join(''), mark(TEXT));
  assert.equal((out.at(-1)!.data as D).type, 'content_block_stop');
  assert.deepEqual(t.end(), []);
});
