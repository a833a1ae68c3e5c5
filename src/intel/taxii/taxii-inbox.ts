/**
 * What happens to objects a peer posts to the inbox: each is checked as a STIX object (type and `type--uuid` id),
 * kept in the collection with its date_added, and the indicators among them are read as `intel import` reads a
 * bundle and merged into the watchlist. The answer is the TAXII status resource, one line per object.
 */
import { randomUUID } from 'node:crypto';
import type { StixObject } from '../stix-export.js';
import { importIntoWatchlist } from '../watchlist-file.js';
import { INBOX_COLLECTION } from './taxii-collections.js';
import type { TaxiiStatus, TaxiiStore } from './taxii-store.js';
import { taxiiTime } from './taxii-time.js';

const STIX_ID = /^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why a posted value is not a STIX object, or null when it is one. */
function problemOf(o: unknown): string | null {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const { type, id } = o as { type?: unknown; id?: unknown };
  if (typeof type !== 'string') return 'no type';
  if (typeof id !== 'string') return 'no id';
  const m = STIX_ID.exec(id);
  if (!m || m[1] !== type) return `id "${id}" is not ${type}--<uuid>`;
  return null;
}

export interface InboxOptions {
  store: TaxiiStore;
  /** Data directory holding the watchlist. */
  dataDir: string;
  now: number;
}

export interface InboxResult {
  status: TaxiiStatus;
  /** Watchlist entries added or updated. */
  changed: number;
}

export async function acceptIntoInbox(objects: readonly unknown[], o: InboxOptions): Promise<InboxResult> {
  const valid: StixObject[] = [];
  const failures: TaxiiStatus['failures'] = [];
  objects.forEach((object, n) => {
    const problem = problemOf(object);
    if (problem === null) valid.push(object as StixObject);
    else failures.push({ id: String((object as { id?: unknown } | null)?.id ?? `objects[${n}]`), message: problem });
  });
  await o.store.put(INBOX_COLLECTION.id, valid, o.now);
  const merged = importIntoWatchlist(o.dataDir, { type: 'bundle', id: `bundle--${randomUUID()}`, objects: valid }, o.now);
  const watched = new Set(merged.entries.map((e) => e.id.replace(/#\d+$/, '')));
  const successes = valid.map((v) => ({
    id: v.id,
    ...(typeof v.modified === 'string' ? { version: v.modified } : {}),
    message: v.type !== 'indicator' ? 'kept' : watched.has(v.id) ? 'indicator on the watchlist' : 'kept; not matchable here (expired, revoked or an unsupported pattern)',
  }));
  const status: TaxiiStatus = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: taxiiTime(o.now * 1000),
    total_count: objects.length,
    success_count: successes.length,
    failure_count: failures.length,
    pending_count: 0,
    successes,
    failures,
  };
  await o.store.saveStatus(status);
  return { status, changed: merged.added + merged.updated };
}
