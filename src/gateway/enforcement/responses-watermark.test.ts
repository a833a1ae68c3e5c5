import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../sse.js';
import { responsesStreamWatermark } from './responses-watermark.js';

const mark = (text: string) => text.replaceAll('color', 'colour');
const part = { item_id: 'msg', output_index: 0, content_index: 0 };
const text = 'The color of the sky. '.repeat(12) + 'No color at night';
const pieces = text.match(/.{1,7}/gs)!;
const ev = (type: string, data: Record<string, unknown>, i: number): StreamEvent => ({ event: type, data: { type, sequence_number: i, ...data } });
const message = (t: string) => ({ id: 'msg', type: 'message', content: [{ type: 'output_text', text: t }] });

test('streamed Responses text is watermarked once, and every event that repeats it carries the same text', () => {
  const w = responsesStreamWatermark(mark);
  const events = [
    ev('response.created', { response: { output: [] } }, 0),
    ...pieces.map((delta, i) => ev('response.output_text.delta', { ...part, delta }, i + 1)),
    ev('response.output_text.done', { ...part, text }, 100),
    ev('response.content_part.done', { ...part, part: { type: 'output_text', text } }, 101),
    ev('response.output_item.done', { output_index: 0, item: message(text) }, 102),
    ev('response.completed', { response: { status: 'completed', output: [message(text)] } }, 103),
  ];
  const out = [...events.flatMap((e) => w.push(e)), ...w.end()].map((e) => e.data as Record<string, unknown>);
  const expected = mark(text);
  assert.equal(out.filter((d) => d.type === 'response.output_text.delta').map((d) => d.delta).join(''), expected);
  assert.equal(out.find((d) => d.type === 'response.output_text.done')!.text, expected);
  assert.equal((out.find((d) => d.type === 'response.content_part.done')!.part as { text: string }).text, expected);
  const item = out.find((d) => d.type === 'response.output_item.done')!.item as ReturnType<typeof message>;
  assert.equal(item.content[0]!.text, expected);
  const final = out.at(-1)!.response as { output: ReturnType<typeof message>[] };
  assert.equal(final.output[0]!.content[0]!.text, expected);
  assert.deepEqual(out.map((d) => d.sequence_number), out.map((_, i) => i));
});

test('a stream that breaks off still sends what was held back', () => {
  const w = responsesStreamWatermark(mark);
  const sent = [...w.push(ev('response.output_text.delta', { ...part, delta: 'one color' }, 0)), ...w.end()];
  assert.equal(sent.map((e) => (e.data as { delta: string }).delta).join(''), 'one colour');
});
