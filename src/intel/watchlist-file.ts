/**
 * The watchlist on disk (`<data>/watchlist.json`): the peer indicators imported so far, merged by indicator id (a
 * newer version of an indicator replaces the older one) with expired ones dropped, written atomically so a crash
 * mid-import leaves the previous list intact.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Watchlist, watchEntrySchema, type WatchEntry } from '../detect/watchlist.js';
import { sharingKeyFromEnv } from './sharing-key.js';
import { importBundle, type ImportResult } from './stix-import.js';

export const WATCHLIST_FILE = 'watchlist.json';

const fileSchema = z.object({ version: z.literal(1), entries: z.array(watchEntrySchema) });

export function watchlistPath(dataDir: string): string {
  return join(dataDir, WATCHLIST_FILE);
}

/** The saved entries, or none when nothing was imported yet. */
export function readWatchlist(path: string): WatchEntry[] {
  if (!existsSync(path)) return [];
  return watchlistEntries(path, JSON.parse(readFileSync(path, 'utf8')));
}

/** The entries of a saved watchlist or of a peer's STIX bundle; a bundle's indicators expired at `now` are left out. */
export function readWatchSource(path: string, now: number): WatchEntry[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown };
  return json.type === 'bundle' ? importBundle(json, now).entries : watchlistEntries(path, json);
}

function watchlistEntries(path: string, json: unknown): WatchEntry[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: not a Hydrawatch watchlist (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data.entries;
}

export function writeWatchlist(path: string, entries: readonly WatchEntry[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ version: 1, entries }, null, 1)}\n`);
  renameSync(tmp, path);
}

export interface MergeResult {
  entries: WatchEntry[];
  added: number;
  updated: number;
  expired: number;
}

/** `incoming` merged into `existing`: the newer `modified` of an id wins; entries expired at `now` are dropped. */
export function mergeWatchlist(existing: readonly WatchEntry[], incoming: readonly WatchEntry[], now: number): MergeResult {
  const byId = new Map(existing.map((e) => [e.id, e]));
  let added = 0;
  let updated = 0;
  for (const e of incoming) {
    const old = byId.get(e.id);
    if (!old) added++;
    else if (Date.parse(e.modified) > Date.parse(old.modified)) updated++;
    else continue;
    byId.set(e.id, e);
  }
  const entries = [...byId.values()].filter((e) => e.valid_until === null || Date.parse(e.valid_until) > now);
  return { entries, added, updated, expired: byId.size - entries.length };
}

/** The data directory's watchlist, keyed with `HYDRAWATCH_INTEL_KEY` when set; null when nothing was imported. */
export function openWatchlist(dataDir: string, now = Date.now()): Watchlist | null {
  const entries = readWatchlist(watchlistPath(dataDir)).filter((e) => e.valid_until === null || Date.parse(e.valid_until) > now);
  return entries.length === 0 ? null : new Watchlist(entries, sharingKeyFromEnv());
}

export interface WatchlistImport extends MergeResult {
  /** Where the watchlist is kept. */
  path: string;
  /** The bundle's indicators that could not be imported, by reason. */
  skipped: ImportResult['skipped'];
}

/** `intel import`: a peer's bundle merged into the data directory's watchlist (created if need be). */
export function importIntoWatchlist(dataDir: string, bundle: unknown, now: number): WatchlistImport {
  const { entries, skipped } = importBundle(bundle, now);
  mkdirSync(dataDir, { recursive: true });
  const path = watchlistPath(dataDir);
  const merged = mergeWatchlist(readWatchlist(path), entries, now);
  writeWatchlist(path, merged.entries);
  return { ...merged, path, skipped };
}
