import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { PACED_BODY_BYTES, PACED_SLICE_BYTES, pacedBody } from './paced-body.js';
import { Upstream } from './upstream.js';

test('bodies up to PACED_BODY_BYTES are passed as they are', () => {
  const small = Buffer.alloc(PACED_BODY_BYTES, 'a');
  assert.equal(pacedBody(small).body, small);
  assert.equal(pacedBody('{"model":"m"}').body, '{"model":"m"}');
  assert.equal(pacedBody(small).contentLength, undefined);
});

test('a large body is sliced, with the byte length of the whole, and the slices add up to it byte for byte', async () => {
  const text = `{"content":"${'中文 text '.repeat(100_000)}"}`;
  const paced = pacedBody(text);
  assert.ok(paced.body instanceof Readable);
  assert.equal(paced.contentLength, Buffer.byteLength(text));
  const slices: Buffer[] = [];
  for await (const s of paced.body as Readable) slices.push(s as Buffer);
  assert.ok(slices.length > 1);
  assert.ok(slices.every((s) => s.length <= PACED_SLICE_BYTES));
  assert.equal(Buffer.concat(slices).toString('utf8'), text);
});

test('the event loop turns between slices: a 4 MB body lets other work in about every 64 KB', async () => {
  const body = Buffer.alloc(4 * 1024 * 1024, 'x');
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  for await (const _ of pacedBody(body).body as Readable) void _;
  ticking = false;
  const slices = body.length / PACED_SLICE_BYTES;
  assert.ok(turns >= slices - 1, `${turns} turns of the loop for ${slices} slices`);
});

test('through the upstream pool, the server receives the same bytes with a Content-Length, not chunked', async () => {
  let got: { length: string | undefined; chunked: boolean; body: Buffer } | null = null;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      got = { length: req.headers['content-length'], chunked: req.headers['transfer-encoding'] !== undefined, body: Buffer.concat(parts) };
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const upstream = new Upstream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, { timeoutMs: 10_000, connectTimeoutMs: 5_000, connections: 1 });
  try {
    const body = Buffer.from(JSON.stringify({ model: 'm', content: 'é'.repeat(1_500_000) }));
    const res = await upstream.request('POST', '/chat/completions', { 'content-type': 'application/json' }, body);
    await res.body.text();
    assert.equal(res.statusCode, 200);
    assert.ok(got);
    const received = got as { length: string | undefined; chunked: boolean; body: Buffer };
    assert.equal(received.length, String(body.length));
    assert.equal(received.chunked, false);
    assert.ok(received.body.equals(body));
  } finally {
    await upstream.close();
    await new Promise((r) => server.close(r));
  }
});
