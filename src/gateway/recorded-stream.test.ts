import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packStream, requestPart, streamPart } from './recorded-stream.js';

test('a packed stream keeps its bytes and its request apart, in a buffer of its own', () => {
  const pool = Buffer.from('xxdata: {"a":1}\n\ndata: [DONE]\n\nyy');
  const chunks = [pool.subarray(2, 17), pool.subarray(17, 31)];
  const request = { model: 'm', messages: [{ role: 'user', content: 'héllo 中文' }] };
  const packed = packStream(chunks, Buffer.from(`\uFEFF${JSON.stringify(request)}`));
  assert.equal(Buffer.from(streamPart(packed)).toString('utf8'), 'data: {"a":1}\n\ndata: [DONE]\n\n');
  assert.deepEqual(requestPart(packed), request);
  assert.equal(packed.bytes.byteOffset, 0);
  assert.equal(packed.bytes.buffer.byteLength, packed.bytes.byteLength, 'owns its whole ArrayBuffer (transferable)');
});
