/**
 * Opens the shared PostgreSQL store of cluster mode (`store.kind: postgres`) and applies its versioned
 * migrations. Everything lives in one schema (`public` unless told otherwise, so that tests and tenants can each
 * have their own); migrations are recorded per module in `schema_migrations`, as on SQLite, and applied under an
 * advisory lock so that gateways and workers starting together upgrade the database exactly once.
 */
import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export const POSTGRES_URL_ENV = 'HYDRAWATCH_POSTGRES_URL';
/** The database of the team's machines and CI (trust auth); a deployment sets HYDRAWATCH_POSTGRES_URL. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface PgOptions {
  /** postgres:// connection URL. */
  url: string;
  /** Schema holding the tables (created when missing); default `public`. */
  schema?: string;
  /** Most connections this process opens (default 10). */
  maxConnections?: number;
}

// int8 (COUNT, BIGINT epoch milliseconds) as a JS number: every value we store is an epoch ms or a row count,
// both far below 2^53.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A connection pool whose sessions use `schema`; the schema is created on first use. */
export async function openPgPool(options: PgOptions): Promise<PgPool> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a valid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    options: `-c search_path=${schema}`,
    types,
  });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => {});
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))`);
  } catch (err) {
    await pool.end();
    throw new Error(`PostgreSQL at ${redactUrl(options.url)} is not usable: ${(err as Error).message}`);
  }
  return pool;
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Runs `fn` in a transaction on one pooled connection; rolls back on error. */
export async function inPgTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Advisory lock keys (transaction-scoped): one per kind of serialised write. */
export const PG_LOCKS = {
  migrations: 7_412_001,
  /** Decisions and audit entries: the change counter and the hash chain each advance one writer at a time. */
  ledger: 7_412_002,
  partitions: 7_412_003,
  /** TAXII collections: each object's date_added must follow the last one's. */
  taxii: 7_412_004,
} as const;

/**
 * Applies the migrations of `module` that the database has not seen yet, in order, in one transaction under the
 * migrations lock. Migration i (0-based) is version i+1, as on SQLite; never edit a released one, append.
 */
export async function migratePg(pool: PgPool, module: string, migrations: readonly string[]): Promise<void> {
  await inPgTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCKS.migrations]);
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_migrations WHERE module = $1',
      [module],
    );
    for (let version = (rows[0]?.v ?? 0) + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1]!);
      await client.query('INSERT INTO schema_migrations (module, version, applied_at) VALUES ($1, $2, $3)', [
        module,
        version,
        new Date().toISOString(),
      ]);
    }
  });
}

/** The schema version per module, for comparing the two back ends. */
export async function pgSchemaVersions(pool: PgPool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ module: string; v: number }>(
    'SELECT module, MAX(version) AS v FROM schema_migrations GROUP BY module',
  );
  return Object.fromEntries(rows.map((r) => [r.module, r.v]));
}
