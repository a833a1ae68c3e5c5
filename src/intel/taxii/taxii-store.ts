/**
 * Where the TAXII server keeps its collections' objects (with the time each was added), the status of every POST,
 * and the `added_after` reached with each peer polled. One interface, as the Store is: SQLite in the data directory
 * (sqlite-taxii-store.ts) or the cluster's PostgreSQL (pg-taxii-store.ts).
 */
import type { StixObject } from '../stix-export.js';

/** One object as a collection holds it: only its latest version is kept. */
export interface TaxiiObjectRow {
  id: string;
  /** The object's `modified` (else `created`, else its date_added). */
  version: string;
  /** Microseconds since the epoch; strictly increasing within a collection. */
  dateAdded: number;
  object: StixObject;
}

export interface TaxiiPageQuery {
  /** Only objects added strictly after this (microseconds). */
  addedAfter?: number;
  limit: number;
  ids?: readonly string[];
  types?: readonly string[];
}

export interface TaxiiPage {
  rows: TaxiiObjectRow[];
  /** More objects match after the last row. */
  more: boolean;
}

/** The status resource of one POST (TAXII 2.1 section 4.3.1). */
export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: Array<{ id: string; version?: string; message?: string }>;
  failures: Array<{ id: string; version?: string; message?: string }>;
}

export interface TaxiiStore {
  /**
   * Adds objects (or a new version of one) to a collection, each with its own date_added after every earlier one; an
   * object identical to the version already held is left as it is. Returns the rows written.
   */
  put(collection: string, objects: readonly StixObject[], nowMs: number): Promise<TaxiiObjectRow[]>;
  get(collection: string, id: string): Promise<TaxiiObjectRow | null>;
  /** Objects in date_added order. */
  page(collection: string, query: TaxiiPageQuery): Promise<TaxiiPage>;
  saveStatus(status: TaxiiStatus): Promise<void>;
  status(id: string): Promise<TaxiiStatus | null>;
  /** The `added_after` to ask a polled peer's collection for next (null: from the start). */
  cursor(peer: string): Promise<string | null>;
  setCursor(peer: string, addedAfter: string): Promise<void>;
}

/** The version of an object: its `modified`, else `created`, else the given fallback. */
export function versionOf(object: StixObject, fallback: string): string {
  const v = object.modified ?? object.created;
  return typeof v === 'string' ? v : fallback;
}

/** The date_added for the next of `n` objects: after `last` and not before `nowMs`. */
export function nextDateAdded(last: number | null, nowMs: number): number {
  return Math.max(nowMs * 1000, (last ?? 0) + 1);
}

/** An object row as both back ends store it (`date_added` arrives as a string from PostgreSQL's BIGINT in general). */
export interface StoredObjectRow {
  id: string;
  version: string;
  date_added: number | string;
  body: string;
}

export const objectRow = (r: StoredObjectRow): TaxiiObjectRow => ({ id: r.id, version: r.version, dateAdded: Number(r.date_added), object: JSON.parse(r.body) as StixObject });
