/**
 * Benchmark upstream (own process): a minimal OpenAI-compatible server answering instantly, so the benchmark
 * measures the proxies, not the model. Non-streamed: a fixed chat.completion with usage. Streamed: 20 SSE chunks
 * (reasoning then content) and [DONE], written at once, without usage (as vLLM does unless asked).
 * Prints its base URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const words = 'The quick brown fox jumps over the lazy dog while the model explains its answer in plain words'.split(' ');
const json = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1767225600,
  model: 'bench',
  choices: [{ index: 0, message: { role: 'assistant', content: words.join(' '), reasoning_content: 'Thinking it through.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 24, total_tokens: 36 },
});
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1767225600, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sse =
  chunk({ role: 'assistant', content: '' }) +
  ['Thinking ', 'it ', 'through.'].map((r) => chunk({ reasoning_content: r })).join('') +
  words.map((w) => chunk({ content: `${w} ` })).join('') +
  chunk({}, 'stop') +
  'data: [DONE]\n\n';
const sseParts = sse.split(/(?<=\n\n)/);

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object":"list","data":[{"id":"bench","object":"model"}]}');
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const stream = Buffer.concat(parts).includes('"stream":true');
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    // Each event its own write, as a model server flushes tokens.
    for (let i = 0; i < sseParts.length - 1; i++) res.write(sseParts[i]);
    res.end(sseParts[sseParts.length - 1]);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1\n`);
});
