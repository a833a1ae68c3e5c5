import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { requestPart, streamPart } from './recorded-stream.js';
import { SLAB_BYTES, StreamSlabs } from './stream-slabs.js';

const request = { model: 'm', messages: [{ role: 'user', content: 'héllo 中文' }] };
const relayed = (sse: string) => {
  const pool = Buffer.from(`xx${sse}yy`);
  return { chunks: [pool.subarray(2, 6), pool.subarray(6, 2 + sse.length)], requestBody: Buffer.from(JSON.stringify(request)) };
};

test('streams packed one after another share a slab and keep their bytes and requests apart', () => {
  const slabs = new StreamSlabs();
  const a = slabs.pack(relayed('data: {"a":1}\n\n'));
  const b = slabs.pack(relayed('data: [DONE]\n\n'));
  assert.equal(a.bytes.buffer, b.bytes.buffer);
  assert.equal(a.bytes.buffer.byteLength, SLAB_BYTES);
  assert.equal(Buffer.from(streamPart(a)).toString(), 'data: {"a":1}\n\n');
  assert.equal(Buffer.from(streamPart(b)).toString(), 'data: [DONE]\n\n');
  assert.deepEqual(requestPart(a), request);
  assert.deepEqual(requestPart(b), request);
});

test('a transferred slab is not written again, a full one is replaced, and a large stream gets its own buffer', () => {
  const slabs = new StreamSlabs();
  const a = slabs.pack(relayed('data: 1\n\n'));
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(a, [a.bytes.buffer as ArrayBuffer]);
  port1.close();
  port2.close();
  assert.equal(a.bytes.length, 0, 'transferred');
  const b = slabs.pack(relayed('data: 2\n\n'));
  assert.notEqual(b.bytes.buffer, a.bytes.buffer);
  assert.equal(Buffer.from(streamPart(b)).toString(), 'data: 2\n\n');

  const big = slabs.pack(relayed(`data: ${'x'.repeat(SLAB_BYTES / 4)}\n\n`));
  assert.equal(big.bytes.byteOffset, 0);
  assert.equal(big.bytes.buffer.byteLength, big.bytes.byteLength);
  const fill = `data: ${'y'.repeat(SLAB_BYTES / 5)}\n\n`;
  const packed = Array.from({ length: 6 }, () => slabs.pack(relayed(fill)));
  assert.ok(new Set(packed.map((p) => p.bytes.buffer)).size >= 2, 'a full slab is replaced');
  for (const p of packed) assert.equal(Buffer.from(streamPart(p)).toString(), fill);
});
