/**
 * What reading a streamed answer costs the gateway per API: the stream summaries that record text, reasoning and
 * usage, and the Responses reasoning filter of the `degrade` action, over the demo upstream's streams for one
 * prompt (in-process, CPU only; bounded to a few seconds).
 *
 *   npx tsx bench/gateway/stream-summaries.ts [--rounds 5000]
 */
import { parseArgs } from 'node:util';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { AnthropicStreamSummary, ChatStreamSummary } from '../../src/gateway/response-summary.js';
import { ResponsesStreamSummary } from '../../src/gateway/responses-summary.js';
import { parseSseBody, type StreamEvent } from '../../src/gateway/sse.js';
import { ChatStreamToMessages } from '../../src/gateway/anthropic/chat-stream-to-messages.js';
import { reasoningFilter, responsesReasoningFilter } from '../../src/protect/reasoning/index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5000' } } });
  const rounds = Number(values.rounds);
  const upstream = await startDemoUpstream();
  const prompt = 'Explain how a hash table handles collisions, in general.';
  const stream = async (path: string, body: Record<string, unknown>): Promise<StreamEvent[]> => {
    const res = await fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
    return parseSseBody([new Uint8Array(await res.arrayBuffer())]);
  };
  const chat = await stream('/chat/completions', { model: 'm', messages: [{ role: 'user', content: prompt }] });
  const responses = await stream('/responses', { model: 'm', input: prompt });
  const completions = await stream('/completions', { model: 'm', prompt });
  await upstream.close();
  const translator = new ChatStreamToMessages('m');
  const messages = [...chat.flatMap((e) => translator.push(e)), ...translator.end()];

  const time = (name: string, events: StreamEvent[], run: (events: StreamEvent[]) => void) => {
    for (let i = 0; i < Math.min(200, rounds); i++) run(events);
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) run(events);
    const us = ((performance.now() - t0) * 1000) / rounds;
    console.log(`${name.padEnd(45)} ${String(events.length).padStart(3)} events  ${us.toFixed(1).padStart(7)} us per stream`);
  };
  console.log(`stream summaries and filters, ${rounds} rounds each`);
  time('chat.completions summary', chat, (evs) => { const s = new ChatStreamSummary(); for (const e of evs) s.add(e); s.result(); });
  time('completions summary', completions, (evs) => { const s = new ChatStreamSummary(); for (const e of evs) s.add(e); s.result(); });
  time('messages summary', messages, (evs) => { const s = new AnthropicStreamSummary(); for (const e of evs) s.add(e); s.result(); });
  time('responses summary', responses, (evs) => { const s = new ResponsesStreamSummary(); for (const e of evs) s.add(e); s.result(); });
  time('chat.completions reasoning filter (withhold)', chat, (evs) => { const f = reasoningFilter('openai', 'withhold'); for (const e of evs) f.push(e); });
  time('responses reasoning filter (withhold)', responses, (evs) => { const f = responsesReasoningFilter('withhold'); for (const e of evs) f.push(e); });
  time('responses reasoning filter (summarise)', responses, (evs) => { const f = responsesReasoningFilter('summarise'); for (const e of evs) f.push(e); });
}

await main();
