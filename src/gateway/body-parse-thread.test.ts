import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BodyRejection, parseJsonBody, type BodyLimits } from './body-limits.js';
import { BodyParseThread } from './body-parse-thread.js';
import { longestPause } from '../threads/testing/longest-pause.js';

const LIMITS: BodyLimits = { maxDepth: 64, maxN: 8, maxOutputTokens: 100_000 };
const thread = new BodyParseThread();
after(() => thread.close());

const bytes = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s) : s);

/** What `parseJsonBody` does on the event loop: the value, or the refusal's status, reason and message. */
function onLoop(raw: Buffer): unknown {
  try {
    return { json: parseJsonBody(raw, LIMITS) };
  } catch (err) {
    const r = err as BodyRejection;
    return { rejection: [r.statusCode, r.reason, r.message] };
  }
}
async function inThread(raw: Buffer): Promise<unknown> {
  try {
    return { json: await thread.parse(raw, LIMITS) };
  } catch (err) {
    assert.ok(err instanceof BodyRejection, `a BodyRejection, got ${String(err)}`);
    return { rejection: [err.statusCode, err.reason, err.message] };
  }
}

test('the thread answers exactly as the event loop does: values, prototype keys, and every kind of refusal', async () => {
  const cases = [
    '{"model":"m","messages":[{"role":"user","content":"héllo 中文 😀"}],"temperature":-0,"n":2,"x":[1e308,null,true]}',
    '{"__proto__":{"polluted":1},"constructor":{"prototype":1},"model":"m"}',
    '[1,2,3]',
    '"just a string"',
    '{"model":"m","messages":[',
    `{"x":${'['.repeat(65)}${']'.repeat(65)}}`,
    '{"n":9}',
    '{"max_tokens":100001}',
    Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  ];
  for (const c of cases) {
    const raw = bytes(c);
    const expected = onLoop(raw);
    const got = await inThread(raw);
    assert.deepEqual(got, expected, String(c).slice(0, 60));
    if ((got as { json?: object }).json && typeof c === 'string' && c.includes('__proto__')) {
      const json = (got as { json: Record<string, unknown> }).json;
      assert.ok(Object.hasOwn(json, '__proto__'), '__proto__ stays an own key, as JSON.parse makes it');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  }
});

test('many jobs at once are each answered with their own body', async () => {
  const raws = Array.from({ length: 50 }, (_, i) => bytes(JSON.stringify({ model: 'm', i, pad: 'x'.repeat(i * 1000) })));
  const got = await Promise.all(raws.map((r) => thread.parse(r, LIMITS)));
  got.forEach((json, i) => assert.equal((json as { i: number }).i, i));
});

test('a 4 MB body of Chinese text holds the event loop far less in the thread than parsed on it', async () => {
  // Decoding multi-byte UTF-8 is the slow part of parsing such a body (tens to hundreds of ms).
  const raw = bytes(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '中文文本没有空格'.repeat(170_000) }] }));
  assert.ok(raw.length > 4_000_000);
  await thread.parse(bytes('{}'), LIMITS); // the thread is up
  // The best of three of each, so a moment of contention on a shared machine does not decide the comparison.
  const blocking: number[] = [];
  const threaded: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    parseJsonBody(raw, LIMITS);
    blocking.push(performance.now() - t0);
    threaded.push(await longestPause(() => thread.parse(raw, LIMITS)));
  }
  const onLoopMs = Math.min(...blocking);
  const threadMs = Math.min(...threaded);
  assert.ok(threadMs < onLoopMs / 2, `longest pause with the thread ${threadMs.toFixed(1)} ms, parsing on the loop ${onLoopMs.toFixed(1)} ms`);
});

test('jobs waiting when the thread is closed are parsed on the event loop: nothing is lost', async () => {
  const own = new BodyParseThread();
  const raw = bytes(JSON.stringify({ model: 'm', content: 'y'.repeat(1_000_000) }));
  const parsed = own.parse(raw, LIMITS);
  const refused = assert.rejects(own.parse(bytes('{"n":99}'), LIMITS), (err: unknown) => err instanceof BodyRejection && err.reason === 'over_limit');
  await own.close();
  assert.equal(((await parsed) as { model: string }).model, 'm');
  await refused;
});
