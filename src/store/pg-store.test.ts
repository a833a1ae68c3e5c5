import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CORE_MIGRATIONS, RELEASES_MIGRATIONS } from './sqlite-store.js';
import { DECISIONS_MIGRATIONS } from './decisions.js';
import { AUDIT_MIGRATIONS } from './audit.js';
import { openPgPool, pgSchemaVersions } from './pg-database.js';
import { PgDecisionStore } from './pg-decisions.js';
import { PG_AUDIT_MIGRATIONS, PG_CORE_MIGRATIONS, PG_DECISIONS_MIGRATIONS, PG_RELEASES_MIGRATIONS } from './pg-migrations.js';
import { PgStore } from './pg-store.js';
import { serviceUrl, servicesSkip, uniqueSchema } from './testing/services.js';
import { decisionSuite, exchangeAt, storeSuite } from './testing/store-suite.js';

const skip = await servicesSkip(['postgres']);
const url = serviceUrl('postgres');
const schemas: string[] = [];
const fresh = () => {
  const schema = uniqueSchema();
  schemas.push(schema);
  return schema;
};

test.after(async () => {
  if (skip || schemas.length === 0) return;
  const pool = await openPgPool({ url });
  for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await pool.end();
});

storeSuite(
  'postgres',
  async () => {
    const schema = fresh();
    const store = await PgStore.open({ url, schema });
    return {
      store,
      async reopen() {
        await store.close();
        return PgStore.open({ url, schema });
      },
      keyRowsDump: async () => JSON.stringify((await store.pool.query('SELECT * FROM api_keys')).rows),
    };
  },
  { skip },
);

decisionSuite(
  'postgres',
  async () => {
    const pool = await openPgPool({ url, schema: fresh() });
    return {
      records: await PgDecisionStore.open(pool),
      exec: async (sql) => void (await pool.query(sql)),
      close: () => pool.end(),
    };
  },
  { skip },
);

test('both back ends have the same number of migrations per module, and PostgreSQL reaches it', { skip }, async () => {
  assert.equal(PG_CORE_MIGRATIONS.length, CORE_MIGRATIONS.length);
  assert.equal(PG_DECISIONS_MIGRATIONS.length, DECISIONS_MIGRATIONS.length);
  assert.equal(PG_AUDIT_MIGRATIONS.length, AUDIT_MIGRATIONS.length);
  assert.equal(PG_RELEASES_MIGRATIONS.length, RELEASES_MIGRATIONS.length);
  const schema = fresh();
  const store = await PgStore.open({ url, schema });
  await PgDecisionStore.open(store.pool);
  await PgDecisionStore.open(store.pool);
  assert.deepEqual(await pgSchemaVersions(store.pool), {
    core: CORE_MIGRATIONS.length,
    releases: RELEASES_MIGRATIONS.length,
    decisions: DECISIONS_MIGRATIONS.length,
    audit: AUDIT_MIGRATIONS.length,
  });
  await store.close();
});

test('the exchange archive is partitioned by UTC day', { skip }, async () => {
  const store = await PgStore.open({ url, schema: fresh() });
  try {
    await store.insertExchanges([exchangeAt('x', '2026-02-01T23:59:59Z'), exchangeAt('y', '2026-02-02T00:00:00Z')]);
    const { rows } = await store.pool.query<{ part: string; n: number }>(
      'SELECT tableoid::regclass::text AS part, COUNT(*) AS n FROM exchanges GROUP BY 1 ORDER BY 1',
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => r.n), [1, 1]);
  } finally {
    await store.close();
  }
});

test('an unreachable PostgreSQL gives a clear error, not a crash', async () => {
  await assert.rejects(PgStore.open({ url: 'postgres://nobody:secret@127.0.0.1:1/none' }), (err: Error) => {
    assert.match(err.message, /PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none is not usable/);
    assert.ok(!err.message.includes('secret'));
    return true;
  });
});
