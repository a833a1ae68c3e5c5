/**
 * The built-in demo upstream used by `hydrawatch demo`, the tests and the benchmark: a small OpenAI-compatible model
 * server (Chat Completions streaming and not, with `reasoning_content`, tool calls, `n`, `max_tokens`, `usage`; the
 * Responses API with reasoning items, legacy Completions, Embeddings, and `GET /v1/models`) that answers
 * deterministically from the prompt. Listens on loopback only.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalizeRequest } from '../../exchange/normalize.js';
import { demoAnswer, demoTokens, streamPieces } from './answers.js';
import { demoId, readBody, sendJson, startEventStream, type Json } from './http.js';
import { answerCompletion, answerEmbeddings } from './legacy.js';
import { answerResponse } from './responses-api.js';

export interface DemoUpstreamOptions {
  port?: number;
  /** Pause between streamed chunks, to look like a model generating (default 0). */
  chunkDelayMs?: number;
  models?: string[];
}

export interface DemoUpstream {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function chatCompletion(body: Json, res: ServerResponse, chunkDelayMs: number): Promise<void> {
  const model = typeof body.model === 'string' ? body.model : 'demo-1';
  const req = normalizeRequest(body);
  const prompt = `${req.system}\n${req.turns.map((t) => t.text).join('\n')}`;
  const n = Math.max(1, Math.min(8, req.n));
  const answers = Array.from({ length: n }, (_, i) => demoAnswer(prompt, req.toolNames, i, req.lastUserText || prompt));
  const maxTokens = req.maxTokens ?? Infinity;
  const id = demoId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const promptTokens = demoTokens(prompt);
  const clip = (text: string) => {
    const words = text.split(' ');
    return words.length > maxTokens ? { text: words.slice(0, maxTokens).join(' '), cut: true } : { text, cut: false };
  };
  let completionTokens = 0;
  const choices = answers.map((a, index) => {
    const { text, cut } = clip(a.text);
    completionTokens += demoTokens(a.reasoning) + demoTokens(text);
    const finish = a.toolCall ? 'tool_calls' : cut ? 'length' : 'stop';
    return { a, index, text, finish };
  });
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

  if (!req.stream) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: choices.map(({ a, index, text, finish }) => ({
        index,
        message: {
          role: 'assistant',
          content: a.toolCall ? null : text,
          reasoning_content: a.reasoning,
          ...(a.toolCall
            ? { tool_calls: [{ id: `call_${id}_${index}`, type: 'function', function: a.toolCall }] }
            : {}),
        },
        finish_reason: finish,
      })),
      usage,
    });
    return;
  }

  const events = startEventStream(res, chunkDelayMs);
  const chunk = (delta: Json, index: number, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index, delta, finish_reason: finish }] })}\n\n`;
  const send = events.send;
  for (const { a, index, text, finish } of choices) {
    await send(chunk({ role: 'assistant', content: '' }, index));
    for (const piece of streamPieces(a.reasoning)) await send(chunk({ reasoning_content: piece }, index));
    if (a.toolCall) {
      await send(chunk({ tool_calls: [{ index: 0, id: `call_${id}_${index}`, type: 'function', function: { name: a.toolCall.name, arguments: '' } }] }, index));
      await send(chunk({ tool_calls: [{ index: 0, function: { arguments: a.toolCall.arguments } }] }, index));
    } else {
      for (const piece of streamPieces(text)) await send(chunk({ content: piece }, index));
    }
    await send(chunk({}, index, finish));
  }
  const opts = body.stream_options as Json | undefined;
  if (opts && opts.include_usage === true) {
    await send(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  }
  events.end('data: [DONE]\n\n');
}

/** What the demo serves under /v1: the field each body must have, and the handler. */
const ROUTES: Record<string, { requires: string; answer: (body: Json, res: ServerResponse, chunkDelayMs: number) => Promise<void> | void }> = {
  '/v1/chat/completions': { requires: 'messages', answer: chatCompletion },
  '/v1/responses': { requires: 'input', answer: answerResponse },
  '/v1/completions': { requires: 'prompt', answer: answerCompletion },
  '/v1/embeddings': { requires: 'input', answer: (body, res) => answerEmbeddings(body, res) },
};

export async function startDemoUpstream(options: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const models = options.models ?? ['demo-1', 'demo-2'];
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_767_225_600, owned_by: 'hydrawatch-demo' })) });
      return;
    }
    const route = req.method === 'POST' ? ROUTES[path ?? ''] : undefined;
    if (route) {
      readBody(req)
        .then((text) => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            sendJson(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error', code: null } });
            return;
          }
          const field = route.requires;
          if (typeof body !== 'object' || body === null || (body as Json)[field] == null) {
            sendJson(res, 400, { error: { message: `${field} is required`, type: 'invalid_request_error', code: null } });
            return;
          }
          return route.answer(body as Json, res, chunkDelayMs);
        })
        .catch(() => res.destroy());
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null } });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
