/**
 * The dashboard's built files (web/dist, made by `npm run build:web`, which `npm ci` runs) served under /ui with
 * their content types: hashed assets cached for a year, the page itself never, and a strict Content-Security-Policy
 * on both (scripts and styles only from files of this origin, nothing inline, no framing).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where `npm run build:web` writes the dashboard. */
export const DEFAULT_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export class DashboardNotBuilt extends Error {
  constructor(dir: string) {
    super(`the dashboard is not built (no ${join(dir, 'index.html')}): run \`npm run build:web\` (npm ci runs it)`);
  }
}

interface Asset {
  body: Buffer;
  type: string;
}

function readTree(dir: string, root = dir, out = new Map<string, Asset>()): Map<string, Asset> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, root, out);
    else out.set(relative(root, path).split(sep).join('/'), { body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream' });
  }
  return out;
}

/** Reads the built dashboard into memory (it is a few hundred kB); throws `DashboardNotBuilt` when it is missing. */
export function loadDashboardAssets(dir = DEFAULT_DIST): Map<string, Asset> {
  if (!existsSync(join(dir, 'index.html'))) throw new DashboardNotBuilt(dir);
  return readTree(dir);
}

/** Registers GET /ui (the page) and GET /ui/* (its assets) on `app`. */
export function serveDashboardAssets(app: FastifyInstance, assets: Map<string, Asset>): void {
  const send = (path: string, reply: import('fastify').FastifyReply) => {
    const asset = assets.get(path);
    if (!asset) return reply.code(404).header('content-security-policy', DASHBOARD_CSP).send({ error: { message: `no file /ui/${path}`, type: 'invalid_request_error' } });
    reply.header('content-type', asset.type).header('content-security-policy', DASHBOARD_CSP);
    reply.header('cache-control', path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.send(asset.body);
  };
  app.get('/ui', (_req, reply) => reply.redirect('/ui/'));
  app.get('/ui/', (_req, reply) => send('index.html', reply));
  app.get('/ui/*', (req, reply) => send((req.params as { '*': string })['*'], reply));
}
