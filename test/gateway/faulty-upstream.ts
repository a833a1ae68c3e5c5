/** An upstream on 127.0.0.1 that misbehaves on request, chosen by the model name: slow, reset mid-stream, 4xx, HTML pages. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultyUpstream {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'x', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

export async function startFaultyUpstream(): Promise<FaultyUpstream> {
  const server = createServer((req, res) => {
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
  return {
    url: `http://127.0.0.1:${port}/v1`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
