/**
 * Polls a peer's TAXII 2.1 collection: every object added after the last poll, page by page (following `next`, or
 * `added_after` from the last page's X-TAXII-Date-Added-Last when the server gives no `next`), and the time of the
 * newest one, to start from next time.
 */
import { request } from 'undici';
import { authorizationHeader, type TaxiiCredentials } from './taxii-auth.js';
import { TAXII_MEDIA_TYPE } from './taxii-collections.js';

export interface TaxiiPeer {
  /** The peer's API root, e.g. https://taxii.example.com/taxii2/hydrawatch/ */
  url: string;
  /** Collection id (or, on a Hydrawatch server, its alias). */
  collection: string;
  credentials: TaxiiCredentials;
}

export interface PolledObjects {
  objects: unknown[];
  /** X-TAXII-Date-Added-Last of the last page that had objects (the next poll's added_after), or null. */
  lastAdded: string | null;
  pages: number;
}

export class TaxiiClientError extends Error {}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);

async function getJson(url: string, credentials: TaxiiCredentials, timeoutMs: number) {
  const auth = authorizationHeader(credentials);
  let res: Awaited<ReturnType<typeof request>>;
  let text: string;
  try {
    res = await request(url, {
      headers: { accept: TAXII_MEDIA_TYPE, ...(auth ? { authorization: auth } : {}) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    text = await res.body.text();
  } catch (err) {
    throw new TaxiiClientError(`${url}: ${(err as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TaxiiClientError(`${url}: HTTP ${res.statusCode}, not JSON`);
  }
  if (res.statusCode !== 200) {
    const e = body as { title?: string; description?: string };
    throw new TaxiiClientError(`${url}: HTTP ${res.statusCode} ${e.title ?? ''}${e.description ? `: ${e.description}` : ''}`.trim());
  }
  const last = res.headers['x-taxii-date-added-last'];
  return { body: body as { more?: boolean; next?: string; objects?: unknown[] }, lastAdded: typeof last === 'string' ? last : null };
}

/** Every object of the peer's collection added after `addedAfter` (null: all). */
export async function pollCollection(
  peer: TaxiiPeer,
  addedAfter: string | null,
  options: { limit?: number; timeoutMs?: number; maxPages?: number } = {},
): Promise<PolledObjects> {
  const base = `${withSlash(peer.url)}collections/${encodeURIComponent(peer.collection)}/objects/`;
  const limit = options.limit ?? 500;
  const objects: unknown[] = [];
  let lastAdded: string | null = null;
  let query: Record<string, string> = { limit: String(limit), ...(addedAfter ? { added_after: addedAfter } : {}) };
  for (let pages = 1; ; pages++) {
    const { body, lastAdded: pageLast } = await getJson(`${base}?${new URLSearchParams(query)}`, peer.credentials, options.timeoutMs ?? 30_000);
    if (!Array.isArray(body.objects ?? [])) throw new TaxiiClientError(`${base}: not a TAXII envelope`);
    objects.push(...(body.objects ?? []));
    if (pageLast) lastAdded = pageLast;
    if (!body.more || pages >= (options.maxPages ?? 10_000)) return { objects, lastAdded, pages };
    if (body.next) query = { limit: String(limit), next: body.next };
    else if (pageLast) query = { limit: String(limit), added_after: pageLast };
    else throw new TaxiiClientError(`${base}: more objects announced but neither next nor X-TAXII-Date-Added-Last given`);
  }
}
