/**
 * The demo upstream's legacy Completions (`prompt` text or texts, `n`, `max_tokens`, streaming and not) and
 * Embeddings (deterministic unit vectors from each input's text, as float arrays or base64 float32).
 */
import type { ServerResponse } from 'node:http';
import { demoAnswer, demoTokens, streamPieces } from './answers.js';
import { demoId, sendJson, startEventStream, type Json } from './http.js';

const promptsOf = (v: unknown): string[] => {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.length === 0) return [''];
  // Token ids stand for text the demo cannot read: one prompt per list of ids, named by its length.
  if (v.every((x) => typeof x === 'number')) return [`${v.length} tokens`];
  return v.map((x) => (typeof x === 'string' ? x : Array.isArray(x) ? `${x.length} tokens` : ''));
};

export async function answerCompletion(body: Json, res: ServerResponse, chunkDelayMs: number): Promise<void> {
  const model = typeof body.model === 'string' ? body.model : 'demo-1';
  const n = typeof body.n === 'number' ? Math.max(1, Math.min(8, body.n)) : 1;
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
  const id = demoId('cmpl');
  const created = Math.floor(Date.now() / 1000);
  const prompts = promptsOf(body.prompt);
  const choices = prompts.flatMap((prompt, p) =>
    Array.from({ length: n }, (_, i) => {
      const words = demoAnswer(prompt, [], i).text.split(' ');
      const cut = words.length > maxTokens;
      return { index: p * n + i, text: (cut ? words.slice(0, maxTokens) : words).join(' '), finish: cut ? 'length' : 'stop' };
    }),
  );
  const promptTokens = prompts.reduce((sum, p) => sum + demoTokens(p), 0);
  const completionTokens = choices.reduce((sum, c) => sum + demoTokens(c.text), 0);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      object: 'text_completion',
      created,
      model,
      choices: choices.map((c) => ({ index: c.index, text: c.text, logprobs: null, finish_reason: c.finish })),
      usage,
    });
    return;
  }
  const events = startEventStream(res, chunkDelayMs);
  const chunk = (index: number, text: string, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'text_completion', created, model, choices: [{ index, text, logprobs: null, finish_reason: finish }] })}\n\n`;
  for (const c of choices) {
    for (const piece of streamPieces(c.text)) await events.send(chunk(c.index, piece, null));
    await events.send(chunk(c.index, '', c.finish));
  }
  const opts = body.stream_options as Json | null | undefined;
  if (opts?.include_usage === true) await events.send(`data: ${JSON.stringify({ id, object: 'text_completion', created, model, choices: [], usage })}\n\n`);
  events.end('data: [DONE]\n\n');
}

/** Default vector length: small, since the demo's vectors carry no meaning. */
const DEMO_DIMENSIONS = 64;

/** A deterministic unit vector for a text (xorshift from an FNV-1a seed). */
function vectorOf(text: string, dimensions: number): Float32Array {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const v = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    v[i] = ((h >>> 0) / 0xffffffff) * 2 - 1;
    norm += v[i]! * v[i]!;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dimensions; i++) v[i]! *= scale;
  return v;
}

export function answerEmbeddings(body: Json, res: ServerResponse): void {
  const model = typeof body.model === 'string' ? body.model : 'demo-embed';
  const dimensions = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.min(4096, body.dimensions) : DEMO_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const inputs = promptsOf(body.input);
  const data = inputs.map((text, index) => {
    const v = vectorOf(text, dimensions);
    const embedding = base64 ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v);
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((sum, t) => sum + demoTokens(t), 0);
  sendJson(res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
