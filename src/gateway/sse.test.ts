import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEvent, parseSseBody } from './sse.js';

test('events survive a split anywhere, including inside a multi-byte character', () => {
  const body = Buffer.from('data: {"a":"é"}\n\nevent: x\ndata: {"b":1}\n\ndata: [DONE]\n\n');
  const cut = body.indexOf(0xa9);
  const events = parseSseBody([body.subarray(0, cut), body.subarray(cut, cut + 7), body.subarray(cut + 7)]);
  assert.deepEqual(events, [{ data: { a: 'é' } }, { event: 'x', data: { b: 1 } }, { data: '[DONE]' }]);
});

test('encoding round-trips', () => {
  const text = encodeEvent({ event: 'message_stop', data: { type: 'message_stop' } }) + encodeEvent({ data: '[DONE]' });
  assert.deepEqual(parseSseBody([Buffer.from(text)]), [
    { event: 'message_stop', data: { type: 'message_stop' } },
    { data: '[DONE]' },
  ]);
});

test('CRLF line ends, comments, multi-line data and a line split across chunks', () => {
  const text = ': keep-alive\r\nevent: a\r\ndata: line1\r\ndata: line2\r\n\r\ndata: {"x"';
  const events = parseSseBody([Buffer.from(text), Buffer.from(':1}\n\n'), Buffer.from('data: tail')]);
  assert.deepEqual(events, [{ event: 'a', data: 'line1\nline2' }, { data: { x: 1 } }, { data: 'tail' }]);
});

test('the [DONE] marker stays a string without a failed JSON.parse (a thrown error per stream costs a stack trace)', () => {
  const parse = JSON.parse;
  let calls = 0;
  JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
    calls++;
    return parse(text, reviver);
  }) as typeof JSON.parse;
  try {
    const events = parseSseBody([Buffer.from('data: {"a":1}\n\ndata: [1,2]\n\ndata: [DONE]\n\n')]);
    assert.deepEqual(events, [{ data: { a: 1 } }, { data: [1, 2] }, { data: '[DONE]' }]);
    assert.equal(calls, 2);
  } finally {
    JSON.parse = parse;
  }
});
