/**
 * No request can make the gateway call anything but its configured upstream: whatever the client puts in the Host
 * header, the request line (absolute form), forwarding headers, the path, the query or the body, the gateway only
 * ever sends the configured upstream's fixed paths, and a decoy server on the same machine sees nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startHarness } from '../gateway/harness.js';

/** Sends raw bytes on a fresh connection and resolves with the status code of the answer. */
function rawRequest(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
    socket.on('data', (chunk) => {
      got += chunk.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(0));
  });
}

test('the gateway only ever calls its configured upstream, on its fixed paths', async () => {
  const decoyHits: string[] = [];
  const decoy = createServer((req, res) => {
    decoyHits.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((r) => decoy.listen(0, '127.0.0.1', r));
  const decoyPort = (decoy.address() as AddressInfo).port;
  const decoyUrl = `http://127.0.0.1:${decoyPort}`;

  const upstream = await startDemoUpstream();
  const seen: { url: string | undefined; host: string | undefined }[] = [];
  upstream.server.prependListener('request', (req: IncomingMessage) => seen.push({ url: req.url, host: req.headers.host }));
  const upstreamHost = new URL(upstream.url).host;
  const h = await startHarness(upstream.url);
  const gwPort = Number(new URL(h.url).port);
  const chat = JSON.stringify({ model: 'm-1', messages: [{ role: 'user', content: 'hi' }] });
  const hostile = JSON.stringify({
    model: 'm-1',
    messages: [{ role: 'user', content: 'hi' }],
    base_url: decoyUrl,
    api_base: decoyUrl,
    url: `${decoyUrl}/v1/chat/completions`,
    endpoint: decoyUrl,
    baseURL: decoyUrl,
  });
  try {
    const headers = { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' };
    const forwarding = {
      'x-forwarded-host': `127.0.0.1:${decoyPort}`,
      'x-forwarded-proto': 'http',
      forwarded: `host=127.0.0.1:${decoyPort};proto=http`,
      'x-original-url': `${decoyUrl}/v1/chat/completions`,
      'x-rewrite-url': `${decoyUrl}/v1/chat/completions`,
      'x-hydrawatch-upstream': decoyUrl,
    };
    const statuses: number[] = [];
    const post = async (path: string, body: string, extra: Record<string, string> = {}) =>
      statuses.push((await fetch(`${h.url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body })).status);
    await post('/v1/chat/completions', chat);
    await post('/v1/chat/completions', hostile, forwarding);
    await post('/v1/chat/completions?url=' + encodeURIComponent(decoyUrl), chat);
    await post('/v1/messages', JSON.stringify({ model: 'm-1', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], base_url: decoyUrl }), forwarding);
    statuses.push((await fetch(`${h.url}/v1/models`, { headers: { ...headers, ...forwarding } })).status);
    const line = (target: string, host: string) =>
      `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${h.key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(chat)}\r\nConnection: close\r\n\r\n${chat}`;
    const rawTargets = [
      `${decoyUrl}/v1/chat/completions`,
      `//127.0.0.1:${decoyPort}/v1/chat/completions`,
      `/v1/chat/completions/../../../127.0.0.1:${decoyPort}/v1/chat/completions`,
      '/v1/../v1/chat/completions',
      '/%2F%2F127.0.0.1/v1/chat/completions',
      '/v1/chat/completions#@127.0.0.1',
    ];
    for (const target of rawTargets) statuses.push(await rawRequest(gwPort, line(target, `127.0.0.1:${decoyPort}`)));
    statuses.push(await rawRequest(gwPort, line('/v1/chat/completions', `127.0.0.1:${decoyPort}`)));

    assert.deepEqual(decoyHits, [], 'a request reached a server other than the configured upstream');
    assert.ok(seen.length >= 5, `the configured upstream was called ${seen.length} times`);
    for (const call of seen) {
      assert.ok(call.url === '/v1/chat/completions' || call.url === '/v1/models', `upstream called on ${call.url}`);
      assert.equal(call.host, upstreamHost);
    }
    assert.ok(statuses.every((s) => s > 0 && s < 500), `statuses: ${statuses.join(', ')}`);
  } finally {
    await h.close();
    await upstream.close();
    await new Promise((r) => decoy.close(r));
  }
});
