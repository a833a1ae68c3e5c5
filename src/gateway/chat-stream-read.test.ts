import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzParameters } from '../../test/fuzz/fuzz.js';
import { readChatStream } from './chat-stream-read.js';
import { ChatStreamSummary } from './response-summary.js';
import { SseReader } from './sse.js';

/** The oracle: every event parsed and added. */
function parsedWhole(text: string) {
  const summary = new ChatStreamSummary();
  const reader = new SseReader((ev) => summary.add(ev));
  reader.feedText(text);
  reader.end();
  return summary.result();
}

function read(text: string) {
  const summary = new ChatStreamSummary();
  readChatStream(summary, text);
  return summary.result();
}

const head = (index: number) => `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":${index},"delta":`;
const chunk = (index: number, delta: object, finish: string | null = null) => `${head(index)}${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)}}]}`;
const sse = (datas: string[]) => `${datas.map((d) => `data: ${d}\n\n`).join('')}data: [DONE]\n\n`;

test('an OpenAI-shaped stream reads as every event parsed', () => {
  const datas = [
    chunk(0, { role: 'assistant', content: '' }),
    chunk(0, { reasoning_content: 'Thinking. ' }),
    chunk(0, { reasoning_content: 'Still "thinking".' }),
    ...['Rayleigh ', 'scattering "makes"\n', 'the sky ', 'blue 中文 😀.'].map((content) => chunk(0, { content })),
    chunk(0, {}, 'stop'),
    '{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":5}}',
  ];
  assert.deepEqual(read(sse(datas)), parsedWhole(sse(datas)));
  assert.equal(read(sse(datas)).text, 'Rayleigh scattering "makes"\nthe sky blue 中文 😀.');
  assert.equal(read(sse(datas)).reasoning, 'Thinking. Still "thinking".');
});

test('reasoning under one name is read as the summary reads it when the other name is also there', () => {
  // An empty `reasoning_content` gives way to `reasoning`: a template on one must not read chunks that use the other.
  for (const [learned, later] of [
    [{ reasoning_content: 'a', reasoning: 'kept' }, { reasoning_content: '', reasoning: 'kept' }],
    [{ reasoning: 'a', reasoning_content: 'other' }, { reasoning: 'b', reasoning_content: 'other' }],
    [{ reasoning: 'a' }, { reasoning: '' }],
  ]) {
    const datas = [chunk(0, learned!), chunk(0, later!), chunk(0, later!)];
    assert.deepEqual(read(sse(datas)), parsedWhole(sse(datas)), JSON.stringify(learned));
  }
});

/** Texts heavy in what a JSON string must escape, and pieces that break out of one. */
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', 'a', ' ', '\n', 'é', '中', '😀', '\u0000', '\ud800', '}', ',', ':') });
/** One chunk's data: well formed in several shapes, or a content chunk's frame around raw text (often not JSON). */
const data = fc.oneof(
  fc.record({ index: fc.integer({ min: 0, max: 2 }), content: tricky }).map(({ index, content }) => chunk(index, { content })),
  tricky.map((content) => chunk(0, { content })),
  tricky.map((content) => chunk(0, { content, role: 'assistant' })),
  tricky.map((reasoning_content) => chunk(0, { reasoning_content })),
  tricky.map((reasoning) => chunk(1, { reasoning })),
  fc.record({ reasoning_content: tricky, reasoning: tricky }).map((delta) => chunk(0, delta)),
  fc.record({ content: tricky, reasoning: tricky }).map((delta) => chunk(0, delta)),
  tricky.map((raw) => `${head(0)}{"reasoning_content":"${raw}"},"finish_reason":null}]}`),
  tricky.map((content) => chunk(0, { content }, 'stop')),
  fc.string({ unit: fc.constantFrom('"', '\\', 'a', 'u', '0', '}', ',', ':', '{', '[', ']') }).map((raw) => `${head(0)}{"content":${raw}},"finish_reason":null}]}`),
  tricky.map((raw) => `${head(0)}{"content":"${raw}"},"finish_reason":null}]}`),
  fc.constant('{"choices":[{"index":0,"delta":{"content":"a","content":"b"},"finish_reason":null}]}'),
);

test('any stream, hostile frames included, reads as every event parsed', () => {
  fc.assert(
    fc.property(fc.array(data, { maxLength: 30 }), (datas) => {
      assert.deepEqual(read(sse(datas)), parsedWhole(sse(datas)));
    }),
    fuzzParameters(300),
  );
});
