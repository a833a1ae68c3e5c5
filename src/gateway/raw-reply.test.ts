import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { sendRaw } from './raw-reply.js';
import { SECURITY_HEADERS, setSecurityHeaders } from './security-headers.js';

test('a raw answer carries its status, type and length and the headers set on arrival', async () => {
  const app = Fastify();
  app.addHook('onRequest', setSecurityHeaders);
  app.post('/buffer', async (_req, reply) => sendRaw(reply, 201, 'application/json', Buffer.from('{"ok":"é"}')));
  app.post('/string', async (_req, reply) => sendRaw(reply, 429, 'application/json; charset=utf-8', '{"error":"é"}'));
  try {
    const a = await app.inject({ method: 'POST', url: '/buffer' });
    assert.equal(a.statusCode, 201);
    assert.equal(a.headers['content-type'], 'application/json');
    assert.equal(a.headers['content-length'], String(Buffer.byteLength('{"ok":"é"}')));
    assert.deepEqual(a.json(), { ok: 'é' });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(a.headers[name], value);
    const b = await app.inject({ method: 'POST', url: '/string' });
    assert.equal(b.statusCode, 429);
    assert.equal(b.headers['content-length'], String(Buffer.byteLength('{"error":"é"}')));
    assert.deepEqual(b.json(), { error: 'é' });
  } finally {
    await app.close();
  }
});

test('nothing is written to a response already answered', async () => {
  const app = Fastify();
  app.post('/twice', async (_req, reply) => {
    sendRaw(reply, 200, 'text/plain', 'first');
    sendRaw(reply, 500, 'text/plain', 'second');
  });
  try {
    const res = await app.inject({ method: 'POST', url: '/twice' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'first');
  } finally {
    await app.close();
  }
});
