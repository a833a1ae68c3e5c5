import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../store/database.js';
import { openPgPool, type PgPool } from '../../store/pg-database.js';
import { serviceUrl, servicesSkip, uniqueSchema } from '../../store/testing/services.js';
import type { StixObject } from '../stix-export.js';
import { PgTaxiiStore } from './pg-taxii-store.js';
import { SqliteTaxiiStore } from './sqlite-taxii-store.js';
import type { TaxiiStore } from './taxii-store.js';

const pgSkip = await servicesSkip(['postgres']);
const object = (n: number, type = 'indicator', modified = '2026-11-01T00:00:00.000Z'): StixObject => ({
  type,
  id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  modified,
});

async function suite(store: TaxiiStore) {
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const written = await store.put('c', [object(1), object(2, 'campaign'), object(3)], t0);
  assert.deepEqual(written.map((r) => r.dateAdded), [t0 * 1000, t0 * 1000 + 1, t0 * 1000 + 2], 'each object after the one before, within one millisecond');
  assert.equal((await store.put('c', [object(1)], t0)).length, 0, 'an identical object is not added again');
  const [revised] = await store.put('c', [object(1, 'indicator', '2026-11-03T00:00:00.000Z')], t0 - 5000);
  assert.equal(revised!.dateAdded, t0 * 1000 + 3, 'a new version comes after everything, even with a clock behind');
  assert.equal(revised!.version, '2026-11-03T00:00:00.000Z');

  const all = await store.page('c', { limit: 10 });
  assert.deepEqual(all.rows.map((r) => r.id), [object(2, 'campaign').id, object(3).id, object(1).id]);
  const page = await store.page('c', { limit: 1, addedAfter: t0 * 1000 + 1 });
  assert.deepEqual([page.rows.map((r) => r.id), page.more], [[object(3).id], true]);
  assert.deepEqual((await store.page('c', { limit: 10, types: ['campaign'] })).rows.map((r) => r.id), [object(2, 'campaign').id]);
  assert.deepEqual((await store.page('c', { limit: 10, ids: [object(3).id] })).rows.map((r) => r.id), [object(3).id]);
  assert.equal((await store.page('other', { limit: 10 })).rows.length, 0, 'collections are apart');
  assert.deepEqual((await store.get('c', object(1).id))?.object, object(1, 'indicator', '2026-11-03T00:00:00.000Z'));

  const status = { id: 's1', status: 'complete' as const, request_timestamp: 'x', total_count: 1, success_count: 1, failure_count: 0, pending_count: 0, successes: [{ id: 'a' }], failures: [] };
  await store.saveStatus(status);
  assert.deepEqual(await store.status('s1'), status);
  assert.equal(await store.status('nope'), null);
  assert.equal(await store.cursor('peer'), null);
  await store.setCursor('peer', '2026-11-02T00:00:00.000001Z');
  await store.setCursor('peer', '2026-11-02T00:00:00.000002Z');
  assert.equal(await store.cursor('peer'), '2026-11-02T00:00:00.000002Z');
}

test('TAXII store on SQLite', () => suite(new SqliteTaxiiStore(openDatabase(':memory:'))));

test('TAXII store on PostgreSQL', { skip: pgSkip }, async () => {
  const schema = uniqueSchema();
  const pool: PgPool = await openPgPool({ url: serviceUrl('postgres'), schema });
  try {
    await suite(await PgTaxiiStore.open(pool));
  } finally {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
});
