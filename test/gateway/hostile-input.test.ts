/**
 * Hostile clients (issue 11): bodies that would poison the recorder, bodies that are not UTF-8 JSON, bounds on `n`
 * and max_tokens, floods of unknown keys, slow bodies, huge headers; and the strict headers on every answer, the
 * separate admin listener, logs without prompts or keys.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { SECURITY_HEADERS } from '../../src/gateway/security-headers.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startHarness, type Harness } from './harness.js';

let demo: DemoUpstream;
let h: Harness;

before(async () => {
  demo = await startDemoUpstream();
  h = await startHarness(demo.url, {
    server: { max_n: 8, max_output_tokens: 100_000 },
    auth: { anonymous_records_per_minute: 20, max_cached_keys: 100 },
  });
});
after(async () => {
  await h.close();
  await demo.close();
});

/** The body: 6,000 nested arrays (12 KB) that made JSON.stringify in the recorder overflow the stack. */
const DEEP_BODY = `{"model":"m","messages":"x","x":${'['.repeat(6000)}${']'.repeat(6000)}}`;
const chat = (content = 'hi') => JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content }] });

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
const message = (body: Record<string, unknown>) => String((body.error as { message?: string }).message);

test('the issue\'s 6,000-level body is refused with 400 and recording goes on for every later exchange', async () => {
  const r1 = await post('/v1/chat/completions', DEEP_BODY);
  assert.equal(r1.status, 400);
  assert.match(message(r1.body), /deeper than 64 levels/);
  const r2 = await post('/v1/messages', DEEP_BODY, { 'x-api-key': h.key });
  assert.equal(r2.status, 400);
  assert.equal(r2.body.type, 'error');
  assert.equal((await post('/v1/chat/completions', chat('after the attack'))).status, 200);
  const recorded = await h.recorded();
  assert.equal(h.gateway.recorder.depth, 0);
  const deep = recorded.filter((e) => e.response.denied === 'too_deep');
  assert.equal(deep.length, 2);
  for (const ex of deep) assert.deepEqual(ex.request, {});
  assert.ok(recorded.some((e) => JSON.stringify(e.request).includes('after the attack')), 'later exchanges are recorded');
});

test('bodies that are not UTF-8 JSON are refused: 400 for invalid UTF-8, 415 for other media types', async () => {
  const invalid = Buffer.concat([Buffer.from('{"model":"demo-1","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]);
  const r1 = await post('/v1/chat/completions', invalid);
  assert.equal(r1.status, 400);
  assert.match(message(r1.body), /UTF-8/);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
    const r = await post('/v1/chat/completions', chat(), { 'content-type': type });
    assert.equal(r.status, 415, type);
    assert.equal((r.body.error as { code: string }).code, 'unsupported_media_type');
  }
  const anth = await post('/v1/messages', chat(), { 'x-api-key': h.key, 'content-type': 'text/plain' });
  assert.equal(anth.status, 415);
  assert.equal((anth.body.error as { type: string }).type, 'invalid_request_error');
  assert.equal((await post('/v1/chat/completions', chat(), { 'content-type': 'application/json; charset=UTF-8' })).status, 200);
  const denied = (await h.recorded()).map((e) => e.response.denied);
  assert.ok(denied.includes('invalid_utf8') && denied.includes('unsupported_media_type'));
});

test('n and the output-token fields have configurable upper bounds (400)', async () => {
  const base = { model: 'demo-1', messages: [{ role: 'user', content: 'x' }] };
  const r1 = await post('/v1/chat/completions', JSON.stringify({ ...base, n: 9 }));
  assert.equal(r1.status, 400);
  assert.match(message(r1.body), /n: must be at most 8/);
  const r2 = await post('/v1/chat/completions', JSON.stringify({ ...base, max_completion_tokens: 1e300 }));
  assert.equal(r2.status, 400);
  assert.match(message(r2.body), /max_completion_tokens/);
  const r3 = await post('/v1/messages', JSON.stringify({ ...base, max_tokens: 100_001 }), { 'x-api-key': h.key });
  assert.equal(r3.status, 400);
  assert.equal((await post('/v1/chat/completions', JSON.stringify({ ...base, n: 8, max_tokens: 100_000 }))).status, 200);
});

test('bodies large enough to be parsed in the body-parse thread get the same answers and refusals', async () => {
  const big = 'lorem ipsum '.repeat(20_000); // 240 KB: over OFF_LOOP_BODY_BYTES
  const ok = await post('/v1/chat/completions', chat(`thread-parsed ${big}`));
  assert.equal(ok.status, 200);
  const deep = await post('/v1/chat/completions', `{"model":"demo-1","pad":"${big}","x":${'['.repeat(6000)}${']'.repeat(6000)}}`);
  assert.equal(deep.status, 400);
  assert.match(message(deep.body), /deeper than 64 levels/);
  const broken = await post('/v1/messages', `{"model":"demo-1","pad":"${big}"`, { 'x-api-key': h.key });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.type, 'error');
  const invalid = Buffer.concat([Buffer.from(`{"model":"demo-1","pad":"${big}`), Buffer.from([0xff]), Buffer.from('"}')]);
  assert.match(message((await post('/v1/chat/completions', invalid)).body), /UTF-8/);
  const over = await post('/v1/chat/completions', JSON.stringify({ model: 'demo-1', n: 9, messages: [{ role: 'user', content: big }] }));
  assert.match(message(over.body), /n: must be at most 8/);
  const recorded = await h.recorded();
  assert.ok(recorded.some((e) => JSON.stringify(e.request).includes('thread-parsed')), 'the large exchange is recorded with its text');
  const denied = recorded.map((e) => e.response.denied);
  for (const reason of ['too_deep', 'malformed_json', 'invalid_utf8', 'over_limit']) assert.ok(denied.includes(reason), reason);
  assert.ok(h.gateway.bodies.jobs >= 5, `${h.gateway.bodies.jobs} bodies went to the thread`);
  assert.equal(h.gateway.bodies.parsedOnLoop, 0);
});

test('strict security headers on every answer: success, error, stream, health', async () => {
  const answers = [
    await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' }, body: chat() }),
    await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'x' }], stream: true }),
    }),
    await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body: chat(), headers: { 'content-type': 'application/json' } }),
    await fetch(`${h.url}/v1/nothing`),
    await fetch(`${h.url}/healthz`),
  ];
  for (const res of answers) {
    await res.arrayBuffer();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers.get(name), value, `${res.url} ${res.status} ${name}`);
  }
});

test('431 for oversized headers, 413 for oversized bodies, in the API shape where the gateway answers', async () => {
  const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-junk': 'j'.repeat(20_000), 'content-type': 'application/json' }, body: chat() });
  assert.equal(res.status, 431);
  const small = await startHarness(demo.url, { server: { body_limit: 1024 } });
  const big = await fetch(`${small.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${small.key}`, 'content-type': 'application/json' },
    body: chat('x'.repeat(2048)),
  });
  assert.equal(big.status, 413);
  assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'request_too_large');
  await small.close();
});

test('random keys: cheap refusals, a bounded cache, and anonymous records rate-limited but counted', async () => {
  const before = (await h.recorded()).filter((e) => e.account === 'anonymous').length;
  const statuses = new Set<number>();
  const t0 = Date.now();
  for (let i = 0; i < 150; i++) {
    const key = i % 3 === 0 ? 'k'.repeat(15_000) : `hw_key_${i.toString(16).padStart(12, '0')}_${Math.random()}`;
    statuses.add((await post('/v1/chat/completions', chat(), { authorization: `Bearer ${key}` })).status);
  }
  assert.deepEqual([...statuses], [401]);
  const anonymous = (await h.recorded()).filter((e) => e.account === 'anonymous').length - before;
  // A burst of 20, then one per 3 s: a loaded machine that takes seconds for the 150 requests earns a few more.
  const allowed = 20 + Math.ceil((Date.now() - t0) / 3000);
  assert.ok(anonymous <= allowed, `${anonymous} anonymous rows written for 150 unknown keys (limit 20 a minute: ${allowed} here)`);
  assert.ok(h.gateway.keys.size <= 200, `${h.gateway.keys.size} cache entries`);
  const metrics = await (await fetch(`${h.url}/metrics`)).text();
  const unrecorded = Number(/hydrawatch_unrecorded_auth_failures_total (\d+)/.exec(metrics)?.[1]);
  assert.equal(unrecorded + anonymous, 150);
});

test('a client that sends its body too slowly is cut off after server.request_timeout_ms', async () => {
  const slow = await startHarness(demo.url, { server: { request_timeout_ms: 300 } });
  const { port } = new URL(slow.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const t0 = performance.now();
  socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${slow.key}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`);
  const drip = setInterval(() => socket.writable && socket.write(' '), 50);
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  await new Promise((r) => socket.once('close', r));
  clearInterval(drip);
  const ms = performance.now() - t0;
  assert.ok(ms < 2000, `closed after ${ms.toFixed(0)} ms`);
  assert.match(answer, /^HTTP\/1.1 408/);
  await slow.close();
});

test('/metrics and the admin API can live on their own listener (server.admin_port), off the public one', async () => {
  const split = await startHarness(demo.url, { server: { admin_port: 0 } });
  assert.notEqual(split.gateway.adminUrl, split.url);
  assert.equal((await fetch(`${split.url}/metrics`)).status, 404);
  const metrics = await fetch(`${split.gateway.adminUrl}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(await metrics.text(), /hydrawatch_recorder_queue_depth/);
  assert.equal(metrics.headers.get('x-content-type-options'), 'nosniff');
  assert.equal((await fetch(`${split.gateway.adminUrl}/v1/models`)).status, 404, 'the API is not on the admin listener');
  await split.close();
});

test('logs at debug level carry neither prompts nor keys', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) });
  const logged = await startHarness(demo.url, {}, { logger: pino({ level: 'debug' }, sink) });
  const marker = 'ultra-secret-prompt-marker';
  const call = (key: string, stream: boolean) =>
    fetch(`${logged.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: marker }], stream }),
    }).then((r) => r.text());
  await call(logged.key, false);
  await call(logged.key, true);
  await call('hw_key_000000000000_wrong-secret-value', false);
  await fetch(`${logged.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${logged.key}`, 'content-type': 'application/json' }, body: `{"x": "${marker}"` });
  await logged.close();
  const text = lines.join('');
  assert.ok(text.includes('"msg":"exchange"'), 'debug lines were written');
  assert.ok(!text.includes(marker), 'no prompt text in the logs');
  assert.ok(!text.includes(logged.key) && !text.includes(logged.key.slice(20)), 'no key secret in the logs');
  assert.ok(!text.includes('wrong-secret-value'));
});

test('SIGTERM after the poisonous body writes every exchange and exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-term-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child-gateway.ts'), dataDir, '5000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const [url, key] = line.split(' ') as [string, string];
  const send = (body: string) =>
    fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body }).then((r) => r.status);
  assert.equal(await send(DEEP_BODY), 400);
  assert.equal(await send(chat('one')), 200);
  assert.equal(await send(chat('two')), 200);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  const store = new SqliteStore(dataDir);
  assert.equal(await store.countExchanges(), 3);
  await store.close();
});
