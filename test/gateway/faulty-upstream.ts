/**
 * An upstream on 127.0.0.1 that misbehaves on request, chosen by the model name: slow, reset mid-stream, 4xx, HTML
 * pages, broken JSON, JSON to a streaming request, a large stream that never ends, a 4 MB stream without spaces.
 * `closed` counts the requests whose connection the gateway closed before the answer ended, `inFlight` those still
 * open.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultyUpstream {
  url: string;
  server: Server;
  /** Requests whose connection closed before their response ended (the gateway aborted them). */
  closed: number;
  /** Requests received whose response has not ended or been closed yet. */
  inFlight: number;
  close(): Promise<void>;
}

const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'x', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

export async function startFaultyUpstream(): Promise<FaultyUpstream> {
  const server = createServer((req, res) => {
    res.on('close', () => {
      upstream.inFlight--;
      if (!res.writableFinished) upstream.closed++;
    });
    upstream.inFlight++;
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as { model?: string };
      // GET (the model list) and the html-* models: what a proxy in front of a dead model server answers.
      const model = req.method === 'GET' ? 'html-error' : body.model;
      switch (model) {
        case 'slow':
          return; // never answers: the gateway's upstream timeout fires
        case 'reset-mid-stream':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk('Hello'));
          res.write(chunk(' wor'));
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        case 'stall-mid-stream':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk('Hello'));
          return; // then silence: the body timeout fires
        case 'ok':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'x', object: 'chat.completion', model: 'ok', choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }] }));
          return;
        case 'broken-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "x", "choices": [');
          return;
        case 'json-to-stream':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] }));
          return;
        case 'endless-stream': {
          // Far more than the socket buffers hold, then silence: the stream never ends by itself.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const piece = chunk('x'.repeat(16 * 1024));
          for (let i = 0; i < 256 && res.write(piece); i++);
          return;
        }
        case 'spaceless-stream': {
          // 4 MB of text without a space and without usage: the gateway counts the tokens itself.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const piece = chunk('a'.repeat(64 * 1024));
          let sent = 0;
          const more = () => {
            while (sent < 64) {
              sent++;
              if (!res.write(piece)) return void res.once('drain', more);
            }
            res.end('data: [DONE]\n\n');
          };
          more();
          return;
        }
        case 'html-error':
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
          return;
        case 'html-ok':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Welcome to nginx!</body></html>');
          return;
        case 'bad-request':
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'upstream says no', type: 'invalid_request_error', code: null } }));
          return;
        default:
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const upstream: FaultyUpstream = {
    url: `http://127.0.0.1:${port}/v1`,
    server,
    closed: 0,
    inFlight: 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return upstream;
}
