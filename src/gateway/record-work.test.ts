import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doRecordWork, estimateRecordWork, readStreamSummary } from './record-work.js';
import { packStream, type RecordedStream, type RelayedStream } from './recorded-stream.js';
import { parseSseBody } from './sse.js';
import { streamSummary } from './summaries.js';
import { countJob, tokenCountJob } from './token-count.js';
import { TokenCountWorker } from './token-count-pool.js';

const chunk = (delta: object, extra: object = {}) => `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
const chatStream = (usage: boolean) =>
  chunk({ role: 'assistant', content: '' }) +
  chunk({ reasoning_content: 'Weighing 中文 first. ' }) +
  chunk({ content: 'Rayleigh scattering ' }) +
  chunk({ content: 'makes the sky blue.' }) +
  (usage ? `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 7 } })}\n\n` : '') +
  'data: [DONE]\n\n';
const request = { model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is the sky blue?' }] };
const bytes = (s: string) => new Uint8Array(Buffer.from(s));
/** A stream as the relay hands it over: its bytes and the request's. */
const recorded = (sse: string): RecordedStream => packStream([bytes(sse)], bytes(JSON.stringify(request)));
/** The same as the relay hands it to the pool (in two chunks). */
const relayed = (sse: string): RelayedStream => ({ chunks: [bytes(sse.slice(0, 9)), bytes(sse.slice(9))], requestBody: bytes(JSON.stringify(request)) });

test('a stream read from its bytes says what the event-by-event summary says', () => {
  for (const [endpoint, sse] of [
    ['chat.completions', chatStream(false)],
    ['messages', 'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":5}}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n'],
    ['responses', 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hello"}\n\n'],
  ] as const) {
    const expected = streamSummary(endpoint);
    for (const ev of parseSseBody([bytes(sse)])) expected.add(ev);
    assert.deepEqual(readStreamSummary(endpoint, bytes(sse)), expected.result(), endpoint);
  }
  assert.equal(readStreamSummary('chat.completions', bytes(chatStream(false))).text, 'Rayleigh scattering makes the sky blue.');
});

test('a stream without usage is counted; one with usage is not', () => {
  const counted = doRecordWork({ kind: 'stream', endpoint: 'chat.completions', stream: recorded(chatStream(false)) });
  const summary = counted.summary!;
  assert.deepEqual(counted.counts, countJob(tokenCountJob(['Be brief.', 'Why is the sky blue?'], summary.text, summary.reasoning)));
  assert.ok(counted.counts!.text > 3 && counted.counts!.reasoning > 2 && counted.counts!.input > 5);
  const reported = doRecordWork({ kind: 'stream', endpoint: 'chat.completions', stream: recorded(chatStream(true)) });
  assert.equal(reported.counts, null);
  assert.equal(reported.summary!.inputTokens, 11);
});

test('done cheaply, the summary stays exact and only the counts are estimated', () => {
  const cheap = estimateRecordWork({ kind: 'stream', endpoint: 'chat.completions', stream: recorded(chatStream(false)) });
  assert.deepEqual(cheap.summary, readStreamSummary('chat.completions', bytes(chatStream(false))));
  assert.equal(cheap.counts!.text, Math.round('Rayleigh scattering makes the sky blue.'.length / 4));
});

test('the record thread reads streams handed over in batches, their bytes in shared slabs', async () => {
  const pool = new TokenCountWorker();
  try {
    const streams = Array.from({ length: 300 }, (_, i) => chatStream(i % 2 === 0));
    const expected = streams.map((sse) => doRecordWork({ kind: 'stream', endpoint: 'chat.completions', stream: recorded(sse) }));
    const results = await Promise.all(streams.map((sse) => pool.readStream('chat.completions', relayed(sse))));
    assert.deepEqual(results, expected);
    // A second round after the first slabs were handed over: new slabs, not the transferred ones.
    const again = await Promise.all(streams.slice(0, 20).map((sse) => pool.readStream('chat.completions', relayed(sse))));
    assert.deepEqual(again, expected.slice(0, 20));
    const counts = await pool.count(tokenCountJob(['Be brief.'], 'Some text.', ''));
    assert.deepEqual(counts, countJob(tokenCountJob(['Be brief.'], 'Some text.', '')));
    assert.equal(pool.estimated, 0);
  } finally {
    await pool.close();
  }
});

test('when the thread has too much waiting, the work is done here with estimated counts', async () => {
  const pool = new TokenCountWorker(0);
  try {
    const result = await pool.readStream('chat.completions', relayed(chatStream(false)));
    assert.deepEqual(result, estimateRecordWork({ kind: 'stream', endpoint: 'chat.completions', stream: recorded(chatStream(false)) }));
    assert.equal(pool.estimated, 1);
  } finally {
    await pool.close();
  }
});
