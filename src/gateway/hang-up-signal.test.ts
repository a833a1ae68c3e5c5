import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter, once } from 'node:events';
import { Pool, errors } from 'undici';
import { asRequestSignal, HangUpSignal } from './hang-up-signal.js';

test('abort runs each listener once, not the removed ones, and only the first time', () => {
  const signal = new HangUpSignal();
  const calls: string[] = [];
  const a = () => calls.push('a');
  const b = () => calls.push('b');
  signal.once('abort', a);
  signal.on('abort', b);
  signal.removeListener('abort', a);
  assert.equal(signal.aborted, false);
  signal.abort();
  signal.abort();
  assert.deepEqual(calls, ['b']);
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, undefined);
});

async function hangingServer(): Promise<{ server: Server; url: string; arrived: Promise<unknown> }> {
  const server = createServer(() => {
    /* never answers */
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrived: once(server, 'request') };
}

test('undici takes it as a request signal: aborting it fails the request in flight at once', async () => {
  const { server, url, arrived } = await hangingServer();
  const pool = new Pool(url);
  const signal = new HangUpSignal();
  try {
    const pending = pool.request({ method: 'GET', path: '/', signal: asRequestSignal(signal) });
    await arrived;
    signal.abort();
    await assert.rejects(pending, errors.RequestAbortedError);
  } finally {
    await pool.destroy();
    server.closeAllConnections();
    server.close();
  }
});

test('a request whose signal is already aborted is not sent', async () => {
  const { server, url } = await hangingServer();
  const pool = new Pool(url);
  const signal = new HangUpSignal();
  signal.abort(new Error('gone'));
  try {
    await assert.rejects(pool.request({ method: 'GET', path: '/', signal: asRequestSignal(signal) }), /gone/);
  } finally {
    await pool.destroy();
    server.close();
  }
});

test('a watched client aborts the signal when it closes before its answer is finished, not after unwatch', () => {
  const client = (finished: boolean) => Object.assign(new EventEmitter(), { writableFinished: finished }) as unknown as ServerResponse;
  const early = new HangUpSignal();
  const hungUp = client(false);
  early.watch(hungUp);
  hungUp.emit('close');
  assert.equal(early.aborted, true);

  const answered = new HangUpSignal();
  const done = client(true);
  answered.watch(done);
  done.emit('close');
  assert.equal(answered.aborted, false);

  const released = new HangUpSignal();
  const later = client(false);
  released.watch(later);
  released.unwatch(later);
  assert.equal((later as unknown as EventEmitter).listenerCount('close'), 0);
  later.emit('close');
  assert.equal(released.aborted, false);
});
