/** A dead upstream under load is logged once at `info`, not once per 502 (and no longer silently). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startHarness } from './harness.js';

test('20 requests to a dead upstream: 20 answers of 502, one error log line', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));

  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  const h = await startHarness(`http://127.0.0.1:${port}/v1`, {}, { logger: pino({ level: 'info' }, sink) });
  try {
    const body = JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: 'hi' }] });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body, headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' } }).then((r) => r.status),
      ),
    );
    assert.deepEqual(new Set(statuses), new Set([502]));
  } finally {
    await h.close();
  }
  // At info: the start (fastify's "Server listening at") and the outage, once.
  const after = lines.filter((l) => !l.msg.startsWith('Server listening at'));
  assert.deepEqual(after.map((l) => l.msg), ['upstream failing; further failures are counted until it answers again']);
  assert.equal(after[0]!.level, 50);
});
