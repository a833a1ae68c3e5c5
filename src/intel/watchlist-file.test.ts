import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importIntoWatchlist, readWatchSource, readWatchlist, watchlistPath } from './watchlist-file.js';

const NOW = Date.parse('2026-02-12T00:00:00Z');
const indicator = (id: string, ip: string, modified: string, validUntil = '2026-03-01T00:00:00Z') => ({
  type: 'indicator',
  spec_version: '2.1',
  id,
  created: '2026-02-01T00:00:00Z',
  modified,
  valid_from: '2026-02-01T00:00:00Z',
  valid_until: validUntil,
  pattern: `[ipv4-addr:value = '${ip}']`,
  pattern_type: 'stix',
});
const bundle = (...objects: unknown[]) => ({ type: 'bundle', id: 'bundle--1a2b3c4d-0000-4000-8000-000000000000', objects });

test('imports merge by indicator id: a newer version replaces the older, an older one is ignored', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'hw-watch-')), 'data');
  const first = importIntoWatchlist(dir, bundle(indicator('indicator--a', '192.0.2.1', '2026-02-02T00:00:00Z')), NOW);
  assert.deepEqual([first.added, first.updated, first.entries.length], [1, 0, 1]);
  const newer = importIntoWatchlist(dir, bundle(indicator('indicator--a', '192.0.2.9', '2026-02-05T00:00:00Z')), NOW);
  assert.deepEqual([newer.added, newer.updated], [0, 1]);
  const older = importIntoWatchlist(dir, bundle(indicator('indicator--a', '192.0.2.5', '2026-02-03T00:00:00Z')), NOW);
  assert.deepEqual([older.added, older.updated], [0, 0]);
  assert.deepEqual(readWatchlist(watchlistPath(dir)).map((e) => e.value), ['192.0.2.9']);
});

test('entries that expired by the next import are removed from the saved list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-watch-'));
  importIntoWatchlist(dir, bundle(indicator('indicator--b', '192.0.2.2', '2026-02-02T00:00:00Z', '2026-02-20T00:00:00Z')), NOW);
  const later = importIntoWatchlist(dir, bundle(), Date.parse('2026-02-21T00:00:00Z'));
  assert.deepEqual([later.expired, later.entries.length], [1, 0]);
});

test('a saved watchlist and a bundle are both read as watch sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-watch-'));
  importIntoWatchlist(dir, bundle(indicator('indicator--c', '192.0.2.3', '2026-02-02T00:00:00Z')), NOW);
  assert.deepEqual(readWatchSource(watchlistPath(dir), NOW).map((e) => e.id), ['indicator--c']);
});
