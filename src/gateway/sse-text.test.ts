import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzParameters } from '../../test/fuzz/fuzz.js';
import { SseReader } from './sse.js';
import { forEachSseEvent } from './sse-text.js';

/** The oracle: the incremental reader fed the whole text, then ended; every event's field and data as text. */
function byReader(text: string): [string | undefined, string][] {
  const out: [string | undefined, string][] = [];
  const reader = new SseReader(
    () => assert.fail('every event is taken as text'),
    (event, data) => {
      out.push([event, data]);
      return true;
    },
  );
  reader.feedText(text);
  reader.end();
  return out;
}

function found(text: string): [string | undefined, string][] {
  const out: [string | undefined, string][] = [];
  forEachSseEvent(text, (event, data) => out.push([event, data]));
  return out;
}

test('a Chat Completions stream: one event per data line, [DONE] included', () => {
  const text = 'data: {"a":1}\n\ndata: {"b":"x: y"}\n\ndata: [DONE]\n\n';
  assert.deepEqual(found(text), [
    [undefined, '{"a":1}'],
    [undefined, '{"b":"x: y"}'],
    [undefined, '[DONE]'],
  ]);
});

test('CRLF, comments, named events, multi-line data, fields without a space or a value, and an unended last line', () => {
  for (const text of [
    ': keep-alive\r\nevent: a\r\ndata: line1\r\ndata: line2\r\n\r\ndata:{"x":1}\n\ndata: tail',
    'event: x\n\ndata\n\ndata:\n\ndata: \r\n\r\nid: 3\nretry: 1\ndata: a\r\r\n\r\n',
    'event: a\nevent: b\ndata: 1\ndata\ndata: 3',
    '\r\n\r\n\n:only\n',
    '',
    'data: x\r',
  ]) {
    assert.deepEqual(found(text), byReader(text), JSON.stringify(text));
  }
});

/** Lines made of the pieces that matter to the parser. */
const piece = fc.constantFrom('data', 'event', 'id', ':', ': ', ' ', '\n', '\r', '\r\n', '\n\n', 'x', '{"a":1}', '[DONE]', 'é😀', 'dat', 'events');

test('any text reads as the incremental reader reads it', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      assert.deepEqual(found(text), byReader(text));
    }),
    fuzzParameters(2000),
  );
});
