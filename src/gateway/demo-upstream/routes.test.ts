/** The demo upstream's Responses, Completions and Embeddings answers, read directly (no gateway in between). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSseBody } from '../sse.js';
import { startDemoUpstream, type DemoUpstream } from './server.js';

let upstream: DemoUpstream;
before(async () => {
  upstream = await startDemoUpstream();
});
after(() => upstream.close());

async function post(path: string, body: unknown): Promise<{ status: number; bytes: Uint8Array }> {
  const res = await fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;

test('responses: a reasoning item then the message; max_output_tokens ends it incomplete; the stream is numbered', async () => {
  const whole = json((await post('/responses', { model: 'm', input: 'Explain tries' })).bytes);
  assert.equal(whole.status, 'completed');
  assert.deepEqual((whole.output as { type: string }[]).map((o) => o.type), ['reasoning', 'message']);
  const cut = json((await post('/responses', { model: 'm', input: 'Explain tries', max_output_tokens: 2 })).bytes);
  assert.equal(cut.status, 'incomplete');
  assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
  const events = parseSseBody([(await post('/responses', { model: 'm', input: 'Explain tries', stream: true })).bytes]);
  const data = events.map((e) => e.data as { type: string; sequence_number: number });
  assert.equal(data[0]!.type, 'response.created');
  assert.equal(data.at(-1)!.type, 'response.completed');
  assert.deepEqual(data.map((d) => d.sequence_number), data.map((_, i) => i));
  assert.ok(events.every((e) => e.event === (e.data as { type: string }).type));
});

test('completions: one choice per prompt and n; the same prompt gets the same text', async () => {
  const body = json((await post('/completions', { model: 'm', prompt: ['a question', 'another question'], n: 2 })).bytes);
  const choices = body.choices as { index: number; text: string }[];
  assert.deepEqual(choices.map((c) => c.index), [0, 1, 2, 3]);
  const again = json((await post('/completions', { model: 'm', prompt: 'a question' })).bytes);
  assert.equal((again.choices as { text: string }[])[0]!.text, choices[0]!.text);
});

test('embeddings: deterministic unit vectors, base64 the same floats, dimensions honoured', async () => {
  const floats = json((await post('/embeddings', { model: 'e', input: ['x', 'y'], encoding_format: 'float', dimensions: 8 })).bytes);
  const [x, y] = (floats.data as { embedding: number[] }[]).map((d) => d.embedding);
  assert.equal(x!.length, 8);
  assert.ok(Math.abs(Math.hypot(...x!) - 1) < 1e-5);
  assert.notDeepEqual(x, y);
  const b64 = json((await post('/embeddings', { model: 'e', input: 'x', encoding_format: 'base64', dimensions: 8 })).bytes);
  const raw = Buffer.from((b64.data as { embedding: string }[])[0]!.embedding, 'base64');
  assert.deepEqual(Array.from(new Float32Array(raw.buffer, raw.byteOffset, 8)), x);
});

test('a body without the field its API requires is a 400', async () => {
  assert.equal((await post('/embeddings', { model: 'e' })).status, 400);
  assert.equal((await post('/responses', { model: 'm', input: null })).status, 400);
});
