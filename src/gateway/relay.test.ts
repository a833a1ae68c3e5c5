import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { Dispatcher } from 'undici';
import { packStream, requestPart, streamPart } from './recorded-stream.js';
import { relayStream, type RelayOutcome, type RelayPlan } from './relay.js';

const clientRequest = { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] };
const plan: RelayPlan = {
  style: 'openai',
  endpoint: 'chat.completions',
  translate: false,
  transform: undefined,
  model: 'm',
  stream: true,
  stallMs: 5000,
  requestBody: Buffer.from(JSON.stringify(clientRequest)),
};
const event = (text: string) => `data: {"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`;

/** A server relaying `upstream` (fed by `feed`) to each client; counts the socket writes of the response. */
async function relayServer(feed: (upstream: PassThrough, res: ServerResponse) => void) {
  const outcomes: RelayOutcome[] = [];
  const writes: number[] = [];
  const server = createServer((_req, res) => {
    const socket = res.socket as unknown as { _writeGeneric: (...a: unknown[]) => unknown };
    const original = socket._writeGeneric;
    let n = 0;
    socket._writeGeneric = function (this: unknown, ...a: unknown[]) {
      n++;
      return original.apply(this, a);
    };
    const upstream = new PassThrough();
    const res0 = { statusCode: 200, headers: { 'content-type': 'text/event-stream' }, body: upstream } as unknown as Dispatcher.ResponseData;
    void relayStream(res0, res, plan).then((o) => {
      outcomes.push(o);
      writes.push(n);
    });
    feed(upstream, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, outcomes, writes, port: (server.address() as AddressInfo).port };
}

function get(port: number, onData?: (chunk: string, res: IncomingMessage) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method: 'POST', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        onData?.(c, res);
      });
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

test('a stream that arrives in one turn goes to the client in one write, headers and end included, and is recorded whole', async () => {
  const sse = event('a') + event('b') + 'data: [DONE]\n\n';
  const { server, outcomes, writes, port } = await relayServer((upstream) => {
    upstream.write(event('a'));
    upstream.write(event('b'));
    upstream.end('data: [DONE]\n\n');
  });
  try {
    assert.equal(await get(port), sse);
    await new Promise((r) => setImmediate(r));
    assert.equal(writes[0], 1);
    assert.equal(outcomes[0]!.status, 200);
    const { chunks, requestBody } = outcomes[0]!.stream!;
    const packed = packStream(chunks, requestBody);
    assert.equal(Buffer.from(streamPart(packed)).toString('utf8'), sse);
    assert.deepEqual(requestPart(packed), clientRequest);
  } finally {
    server.close();
  }
});

test('a chunk is sent without waiting for the next one', async () => {
  let upstream: PassThrough | null = null;
  const { server, port } = await relayServer((u) => {
    upstream = u;
    u.write(event('first'));
  });
  try {
    // The upstream sends its second chunk only once the client has the first: holding it back would hang here.
    const body = await get(port, (chunk) => {
      if (chunk.includes('first')) upstream!.end(event('second'));
    });
    assert.equal(body, event('first') + event('second'));
  } finally {
    server.close();
  }
});
