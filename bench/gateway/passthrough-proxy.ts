/**
 * The baseline (own process): a minimal undici pass-through proxy. It reads the request body, forwards it to the
 * upstream through an undici Pool and pipes the answer back: no auth, no parsing, no recording.
 * Usage: passthrough-proxy.ts UPSTREAM_BASE_URL; prints its base URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]!);
const basePath = upstream.pathname.replace(/\/+$/, '');
const pool = new Pool(upstream.origin, { connections: 256, pipelining: 1 });

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const path = basePath + (req.url ?? '/').replace(/^\/v1/, '');
    pool
      .request({ method: req.method as 'POST', path, headers: { 'content-type': 'application/json' }, body: parts.length ? Buffer.concat(parts) : undefined })
      .then((up) => {
        res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
        up.body.pipe(res);
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGINT', () => process.exit(0));
