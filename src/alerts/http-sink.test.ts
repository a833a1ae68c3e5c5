import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { alertEvent, type AlertEvent } from './alert-event.js';
import { HttpSink } from './http-sink.js';
import { verifySignature } from './webhook-signature.js';

const event = (n: number): AlertEvent => alertEvent('decision', `d${n}`, { ts: '2026-02-10T00:00:00.000Z', summary: `block ${n}`, detail: {} });

async function receiver(answer: (n: number, req: IncomingMessage, body: string) => number) {
  const bodies: Array<{ body: string; signature: string | undefined }> = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = answer(n++, req, body);
      if (status < 300) bodies.push({ body, signature: req.headers['x-hydrawatch-signature'] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, attempts: () => n, close: () => new Promise((r) => (server.close(r), server.closeAllConnections())) };
}

test('a failing receiver is retried with backoff until it takes the event, signed each time', async () => {
  const r = await receiver((n) => (n < 2 ? 503 : 200));
  const failed: string[] = [];
  const sink = new HttpSink({ name: 'webhook', url: r.url, secret: 'shared-webhook-secret', format: (e) => e, baseDelayMs: 5, onFailed: (_e, why) => failed.push(why) });
  sink.send(event(1));
  assert.equal(r.attempts(), 0, 'send returns before the receiver has even been reached');
  await sink.idle();
  assert.equal(r.attempts(), 3);
  assert.deepEqual(failed, []);
  const [{ body, signature }] = r.bodies;
  assert.equal((JSON.parse(body) as AlertEvent).summary, 'block 1');
  assert.ok(verifySignature('shared-webhook-secret', body, signature!, Math.floor(Date.now() / 1000)));
  await r.close();
});

test('a receiver that refuses the request is not retried; a dead one is given up on and counted', async () => {
  const r = await receiver(() => 400);
  const failed: string[] = [];
  const sink = new HttpSink({ name: 'webhook', url: r.url, format: (e) => e, baseDelayMs: 5, onFailed: (_e, why) => failed.push(why) });
  sink.send(event(1));
  await sink.idle();
  assert.equal(r.attempts(), 1);
  assert.deepEqual(failed, ['HTTP 400']);
  await r.close();
  const dead = new HttpSink({ name: 'webhook', url: r.url, format: (e) => e, baseDelayMs: 1, attempts: 3, onFailed: (_e, why) => failed.push(why) });
  dead.send(event(2));
  await dead.idle();
  assert.equal(failed.length, 2);
  assert.match(failed[1]!, /ECONNREFUSED|connect/);
});

test('past its queue bound a sink drops the oldest waiting event and says so', async () => {
  const r = await receiver(() => 200);
  const dropped: string[] = [];
  const sink = new HttpSink({ name: 'webhook', url: r.url, format: (e) => e, maxQueue: 2, onFailed: (e, why) => dropped.push(`${e.summary}: ${why}`) });
  for (let i = 1; i <= 5; i++) sink.send(event(i));
  await sink.idle();
  assert.deepEqual(dropped, ['block 2: queue full', 'block 3: queue full']);
  assert.deepEqual(r.bodies.map((b) => (JSON.parse(b.body) as AlertEvent).summary), ['block 1', 'block 4', 'block 5']);
  await r.close();
});
