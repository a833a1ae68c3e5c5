/**
 * The TAXII 2.1 server, as a fastify plugin `serve` registers on the gateway under `TAXII_PREFIX` (OASIS TAXII 2.1, sections 4-5):
 *   GET  /taxii2/                                             discovery
 *   GET  /taxii2/hydrawatch/                                  API root
 *   GET  /taxii2/hydrawatch/collections/[{id}/]               collections
 *   GET  /taxii2/hydrawatch/collections/{id}/objects/         envelope; added_after, limit, next, match[id], match[type]
 *   POST /taxii2/hydrawatch/collections/{id}/objects/         envelope in, status resource out (202)
 *   GET  /taxii2/hydrawatch/collections/{id}/objects/{oid}/   envelope of one object
 *   GET  /taxii2/hydrawatch/collections/{id}/manifest/        manifest, paged as objects
 *   GET  /taxii2/hydrawatch/status/{sid}/                     status resource
 * Every request needs the TAXII credential (taxii-auth.ts); failed attempts are limited per address as the admin
 * API's are. Errors are TAXII error messages. Objects marked TLP:RED are never served.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ADMIN_LOGIN_FAILURES } from '../../decide/admin-api.js';
import { TokenBucketLimiter } from '../../decide/token-bucket.js';
import { tlpMarking } from '../tlp.js';
import { taxiiAuthorized, type TaxiiCredentials } from './taxii-auth.js';
import { API_ROOT, COLLECTIONS, findCollection, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, TAXII_PREFIX, type TaxiiCollection } from './taxii-collections.js';
import type { InboxResult } from './taxii-inbox.js';
import type { TaxiiObjectRow, TaxiiStore } from './taxii-store.js';
import { parseTaxiiTime, taxiiTime } from './taxii-time.js';

export interface TaxiiRoutesOptions {
  store: TaxiiStore;
  credentials: TaxiiCredentials;
  /** Handles objects posted to the inbox. */
  accept: (objects: readonly unknown[]) => Promise<InboxResult>;
  /** Largest request body in bytes (announced as the API root's max_content_length). */
  maxContentLength: number;
  title?: string;
  now?: () => number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const RED = tlpMarking('red').id;

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  413: 'Request too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/** A TAXII error message (section 3.6.1). */
function taxiiError(reply: FastifyReply, status: number, description: string) {
  return reply
    .code(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send({ title: TITLES[status] ?? 'Server error', description, http_status: String(status) });
}

const envelopeSchema = z.looseObject({ objects: z.array(z.unknown()).min(1, 'an envelope holds at least one object') });
const redMarked = (r: TaxiiObjectRow) =>
  r.id === RED || (Array.isArray(r.object.object_marking_refs) && (r.object.object_marking_refs as unknown[]).includes(RED));

/** Whether an Accept header allows a TAXII 2.1 answer (absent and wildcards do). */
function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return version === undefined || version === 'version=2.1';
  });
}

export const taxiiRoutes: FastifyPluginAsync<TaxiiRoutesOptions> = async (app, o) => {
  const now = o.now ?? Date.now;
  const failures = new TokenBucketLimiter(10_000);
  // Routes are relative to the prefix the plugin is registered under (TAXII_PREFIX), which scopes the 404 handler.
  const root = `/${API_ROOT}`;
  const rootUrl = `${TAXII_PREFIX}${root}/`;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/taxii+json', 'application/json'], { parseAs: 'string', bodyLimit: o.maxContentLength }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(new Error(`body is not JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status === 500) reply.log.error({ err: err.message }, 'TAXII request failed');
    return taxiiError(reply, status, status === 500 ? 'the server failed to answer; try again' : err.message);
  });
  // Fastify rewrites a JSON media type it serialises (quoting the version, adding a charset); TAXII clients compare it.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-type', TAXII_MEDIA_TYPE);
    return payload;
  });
  app.setNotFoundHandler((req, reply) => taxiiError(reply, 404, `no TAXII resource at ${req.url.split('?')[0]}`));

  app.addHook('onRequest', async (req, reply) => {
    const t = now();
    if (failures.take(req.ip, ADMIN_LOGIN_FAILURES, t, 0).remaining < 1) {
      const retryS = Math.ceil(failures.take(req.ip, ADMIN_LOGIN_FAILURES, t, 1).retryAfterMs / 1000);
      reply.header('retry-after', String(retryS));
      return taxiiError(reply, 429, `too many failed TAXII logins from this address; retry in ${retryS} s`);
    }
    if (!taxiiAuthorized(req.headers.authorization, o.credentials)) {
      failures.take(req.ip, ADMIN_LOGIN_FAILURES, t, 1);
      reply.header('www-authenticate', 'Bearer realm="taxii", Basic realm="taxii"');
      return taxiiError(reply, 401, 'TAXII credential missing or wrong');
    }
    if (!acceptsTaxii(req.headers.accept)) return taxiiError(reply, 406, `Accept must allow ${TAXII_MEDIA_TYPE}`);
  });
  const send = (reply: FastifyReply, body: unknown, status = 200) => reply.code(status).header('content-type', TAXII_MEDIA_TYPE).send(body);

  /** The collection of a request, answering 404/403 itself when it is unknown or not readable/writable. */
  const collectionFor = (req: FastifyRequest, reply: FastifyReply, need: 'can_read' | 'can_write' | null): TaxiiCollection | null => {
    const { id } = req.params as { id: string };
    const c = findCollection(id);
    if (!c) {
      void taxiiError(reply, 404, `no collection ${id}`);
      return null;
    }
    if (need && !c[need]) {
      void taxiiError(reply, 403, `collection ${c.alias} is ${need === 'can_read' ? 'write' : 'read'}-only`);
      return null;
    }
    return c;
  };

  /** One page of a readable collection, with TAXII's paging headers; null when the query was refused. */
  const pageFor = async (req: FastifyRequest, reply: FastifyReply, c: TaxiiCollection, ids?: string[]) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1) return void taxiiError(reply, 400, `limit must be a positive integer, got ${q.limit}`);
    let addedAfter: number | undefined;
    if (q.next !== undefined) {
      addedAfter = /^\d+$/.test(q.next) ? Number(q.next) : undefined;
      if (addedAfter === undefined) return void taxiiError(reply, 400, `next "${q.next}" is not one this server gave`);
    } else if (q.added_after !== undefined) {
      addedAfter = parseTaxiiTime(q.added_after) ?? undefined;
      if (addedAfter === undefined) return void taxiiError(reply, 400, `added_after must be an RFC 3339 timestamp, got ${q.added_after}`);
    }
    const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
    const page = await o.store.page(c.id, {
      limit: Math.min(limit, MAX_LIMIT),
      ...(addedAfter === undefined ? {} : { addedAfter }),
      ids: ids ?? list(q['match[id]']),
      types: list(q['match[type]']),
    });
    const first = page.rows[0];
    const last = page.rows[page.rows.length - 1];
    if (first && last) {
      reply.header('x-taxii-date-added-first', taxiiTime(first.dateAdded));
      reply.header('x-taxii-date-added-last', taxiiTime(last.dateAdded));
    }
    return { rows: page.rows.filter((r) => !redMarked(r)), more: page.more, next: page.more && last ? String(last.dateAdded) : undefined };
  };

  app.get('/', async (_req, reply) =>
    send(reply, {
      title: o.title ?? 'Hydrawatch TAXII server',
      description: 'Distillation campaigns shared between model providers',
      default: rootUrl,
      api_roots: [rootUrl],
    }),
  );
  app.get(`${root}/`, async (_req, reply) =>
    send(reply, { title: 'Hydrawatch', versions: [TAXII_MEDIA_TYPE], max_content_length: o.maxContentLength }),
  );
  app.get(`${root}/collections/`, async (_req, reply) => send(reply, { collections: COLLECTIONS }));
  app.get(`${root}/collections/:id/`, async (req, reply) => {
    const c = collectionFor(req, reply, null);
    return c && send(reply, c);
  });
  app.get(`${root}/collections/:id/objects/`, async (req, reply) => {
    const c = collectionFor(req, reply, 'can_read');
    const page = c && (await pageFor(req, reply, c));
    return page && send(reply, { more: page.more, ...(page.next ? { next: page.next } : {}), objects: page.rows.map((r) => r.object) });
  });
  app.get(`${root}/collections/:id/objects/:oid/`, async (req, reply) => {
    const c = collectionFor(req, reply, 'can_read');
    const { oid } = req.params as { oid: string };
    const page = c && (await pageFor(req, reply, c, [oid]));
    if (!page) return;
    if (page.rows.length === 0) return taxiiError(reply, 404, `no object ${oid} in collection ${c!.alias}`);
    return send(reply, { more: false, objects: page.rows.map((r) => r.object) });
  });
  app.get(`${root}/collections/:id/manifest/`, async (req, reply) => {
    const c = collectionFor(req, reply, 'can_read');
    const page = c && (await pageFor(req, reply, c));
    return (
      page &&
      send(reply, {
        more: page.more,
        ...(page.next ? { next: page.next } : {}),
        objects: page.rows.map((r) => ({ id: r.id, date_added: taxiiTime(r.dateAdded), version: r.version, media_type: STIX_MEDIA_TYPE })),
      })
    );
  });
  app.post(`${root}/collections/:id/objects/`, async (req, reply) => {
    const c = collectionFor(req, reply, 'can_write');
    if (!c) return;
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/taxii+json')) return taxiiError(reply, 415, `Content-Type must be ${TAXII_MEDIA_TYPE}`);
    const parsed = envelopeSchema.safeParse(req.body);
    if (!parsed.success) return taxiiError(reply, 400, `not a TAXII envelope: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
    const { status } = await o.accept(parsed.data.objects);
    return send(reply, status, 202);
  });
  app.get(`${root}/status/:sid/`, async (req, reply) => {
    const { sid } = req.params as { sid: string };
    const status = await o.store.status(sid);
    return status ? send(reply, status) : taxiiError(reply, 404, `no status ${sid}`);
  });
};
