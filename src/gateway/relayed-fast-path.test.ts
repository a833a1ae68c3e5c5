import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig } from '../config/config.js';
import type { Exchange } from '../exchange/exchange.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { startDemoUpstream, type DemoUpstream } from './demo-upstream/server.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { Gateway } from './server.js';

interface Served {
  gateway: Gateway;
  store: SqliteStore;
  url: string;
  key: string;
  /** Requests that went through fastify's hooks. */
  viaFastify: number;
}

let demo: DemoUpstream;
let fast: Served;
let plain: Served;

async function serve(relayFastPath: boolean): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-fast-'));
  const config = resolveConfig({ upstream: { url: demo.url }, server: { port: 0, body_limit: 4096 }, data: { dir: dataDir }, recorder: { flush_ms: 20 } }, {});
  const store = new SqliteStore(dataDir);
  const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false, relayFastPath });
  const served: Served = { gateway, store, url: '', key: '', viaFastify: 0 };
  gateway.app.addHook('onRequest', (_req, _reply, done) => {
    served.viaFastify++;
    done();
  });
  served.url = await gateway.listen();
  // The same key secret on both gateways is not possible; each request names its gateway's key.
  served.key = (await store.createKey('acct_fast')).secret;
  return served;
}

before(async () => {
  demo = await startDemoUpstream();
  [fast, plain] = await Promise.all([serve(true), serve(false)]);
});
after(async () => {
  for (const s of [fast, plain]) {
    await s.gateway.close();
    await s.store.close();
  }
  await demo.close();
});

interface Call {
  path: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** Authorization: the gateway's key (default), none, or this text. */
  key?: 'none' | string;
}

const chat = JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'Explain hash tables' }] });
const calls: Call[] = [
  { path: '/v1/chat/completions', body: chat },
  { path: '/v1/chat/completions?trace=1', body: JSON.stringify({ model: 'demo-1', stream: true, messages: [{ role: 'user', content: 'Explain hash tables' }] }) },
  { path: '/v1/messages', body: JSON.stringify({ model: 'demo-1', max_tokens: 64, messages: [{ role: 'user', content: 'Explain hash tables' }] }) },
  { path: '/v1/responses', body: JSON.stringify({ model: 'demo-1', instructions: 'Be brief.', input: 'Explain hash tables' }) },
  { path: '/v1/embeddings', body: JSON.stringify({ model: 'demo-1', input: ['hash tables'] }) },
  { path: '/v1/chat/completions', body: chat, key: 'none' },
  { path: '/v1/messages', body: chat, key: 'hw_key_000000000000_nope' },
  { path: '/v1/chat/completions', body: '{"model": "demo-1", "messages": [' },
  { path: '/v1/chat/completions', body: `{"model":"demo-1","messages":[{"role":"user","content":"hi"}],"x":${'['.repeat(80)}${']'.repeat(80)}}` },
  { path: '/v1/chat/completions', body: Buffer.concat([Buffer.from('{"model":"demo-1","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]) },
  { path: '/v1/chat/completions', body: JSON.stringify({ model: 'demo-1', messages: [] }) },
  { path: '/v1/chat/completions', body: JSON.stringify({ model: 'demo-1', n: 1000, messages: [{ role: 'user', content: 'hi' }] }) },
  { path: '/v1/messages', body: chat, headers: { 'content-type': 'text/plain' } },
  { path: '/v1/chat/completions', body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }) },
];

function send(s: Served, call: Call): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
  if (call.key === undefined) headers.authorization = `Bearer ${s.key}`;
  else if (call.key !== 'none') headers.authorization = `Bearer ${call.key}`;
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${call.path}`, { method: 'POST', headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/** What may differ between two gateways answering the same request: ids, clocks and latencies. */
const comparable = (body: string) => body.replace(/"(id|created|created_at)":("[^"]*"|\d+)/g, '"$1":_').replace(/(chatcmpl|resp|msg|rs|fc)_[A-Za-z0-9]+/g, '$1_ID');
function comparableExchange(ex: Exchange): unknown {
  const { id: _id, ts: _ts, key: _key, response, ...rest } = ex;
  const { latency_ms: _latency, ...said } = response;
  return { ...rest, response: said };
}

test('the fast path answers and records every request as fastify does, and serves the ordinary ones', async () => {
  const before = { fast: fast.viaFastify, plain: plain.viaFastify };
  for (const call of calls) {
    const [a, b] = [await send(fast, call), await send(plain, call)];
    const what = `${call.path} ${String(call.body).slice(0, 60)}`;
    assert.equal(a.status, b.status, what);
    assert.equal(comparable(a.body), comparable(b.body), what);
    for (const name of ['content-type', 'content-length', 'connection', 'transfer-encoding', ...Object.keys(SECURITY_HEADERS)]) {
      assert.equal(a.headers[name], b.headers[name], `${what}: ${name}`);
    }
  }
  // Through fastify on the fast gateway: the refused media type and the body over server.body_limit only.
  assert.equal(fast.viaFastify - before.fast, 2);
  assert.equal(plain.viaFastify - before.plain, calls.length);

  await Promise.all([fast.gateway.flush(), plain.gateway.flush()]);
  const recorded = async (s: Served) => {
    const out: Exchange[] = [];
    for await (const ex of s.store.exchanges()) out.push(ex);
    return out.map(comparableExchange);
  };
  const [a, b] = [await recorded(fast), await recorded(plain)];
  assert.equal(a.length, calls.length);
  assert.deepEqual(a, b);
});

test('a body cut short (the client half-closes) is answered as fastify answers it', async () => {
  const answer = (s: Served) =>
    new Promise<string>((resolve) => {
      const { port } = new URL(s.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\nauthorization: Bearer ${s.key}\r\n\r\n${chat}`);
        socket.end();
      });
      const parts: Buffer[] = [];
      socket.on('data', (c: Buffer) => parts.push(c));
      socket.on('close', () => resolve(Buffer.concat(parts).toString('utf8').split('\r\n')[0] ?? ''));
      socket.on('error', () => undefined);
    });
  assert.equal(await answer(fast), await answer(plain));
});
