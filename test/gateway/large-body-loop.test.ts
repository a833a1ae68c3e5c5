/**
 * Issue 11, item 4: a 4 MB request body must not hold the gateway's event loop for its decoding and parsing. The
 * same gateway is run with request bodies parsed in the body-parse thread and on the event loop (as before), and the
 * longest pause of the loop while it takes a 4 MB body of Chinese text is compared (best of three each, so a moment
 * of contention on a shared machine does not decide it). A guard refuses the request after parsing, so no upstream
 * work is measured; the refusal is recorded alike in both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startHarness } from './harness.js';
import { longestPause } from '../../src/threads/testing/longest-pause.js';

let demo: DemoUpstream;
before(async () => {
  demo = await startDemoUpstream();
});
after(() => demo.close());

const BODY = Buffer.from(JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: '中文文本没有空格'.repeat(180_000) }] }));

async function bestPause(bodyParseThread: boolean): Promise<number> {
  const guard = () => ({ action: 'deny' as const, status: 403, message: 'refused after parsing', reason: 'blocked' });
  const h = await startHarness(demo.url, {}, { guard, bodyParseThread });
  try {
    const post = async () => {
      const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body: BODY, headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' } });
      assert.equal(res.status, 403);
      await res.arrayBuffer();
    };
    await post(); // warm-up: lazily loaded code and the thread's start
    const pauses: number[] = [];
    for (let i = 0; i < 3; i++) pauses.push(await longestPause(post));
    assert.equal((await h.recorded()).filter((e) => e.response.denied === 'blocked').length, 4);
    return Math.min(...pauses);
  } finally {
    await h.close();
  }
}

test('a 4 MB body of Chinese text holds the event loop less parsed in the thread than on the loop', async (t) => {
  assert.ok(BODY.length > 4_000_000);
  const onLoop = await bestPause(false);
  const inThread = await bestPause(true);
  t.diagnostic(`longest pause of the event loop: ${inThread.toFixed(1)} ms with the thread, ${onLoop.toFixed(1)} ms on the loop`);
  // The request's other work (receiving 4 MB, recording it) holds the loop in both, so the bound is loose: at least
  // a quarter less (measured at a load average of 40 on 2 cores: 154 ms against 401 ms).
  assert.ok(inThread < onLoop * 0.75, `longest pause: ${inThread.toFixed(1)} ms with the thread, ${onLoop.toFixed(1)} ms on the loop`);
});
