/**
 * The PostgreSQL schema, module by module, version for version the same as SQLite's (`pg-schema.test.ts` holds
 * the two lists to the same length, so both back ends always reach the same schema version). Differences are the
 * engines' own: BIGINT epoch milliseconds, jsonb for free-form account fields, and the exchange archive
 * partitioned by UTC day (`day` = whole days since 1970; ids compare bytewise, as SQLite does), so old days can be detached or dropped in one statement.
 */

export const PG_CORE_MIGRATIONS = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY, org TEXT, created TEXT, country TEXT, email_domain TEXT, payment TEXT,
     verification TEXT, tier TEXT, allowlisted BOOLEAN, extra JSONB);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), name TEXT,
     salt TEXT NOT NULL, hash TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
   CREATE INDEX api_keys_account ON api_keys(account);
   CREATE TABLE exchanges (
     id TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL, ts TEXT NOT NULL, ts_ms BIGINT NOT NULL, account TEXT NOT NULL,
     status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (day, id)) PARTITION BY RANGE (day);
   CREATE INDEX exchanges_ts ON exchanges(ts_ms, id);
   CREATE INDEX exchanges_account ON exchanges(account, ts_ms);`,
  `ALTER TABLE accounts ADD COLUMN updated_ms BIGINT NOT NULL DEFAULT 0;
   CREATE INDEX accounts_updated ON accounts(updated_ms);`,
];

export const PG_RELEASES_MIGRATIONS = [`CREATE TABLE releases (model TEXT PRIMARY KEY, released TEXT NOT NULL)`];

export const PG_DECISIONS_MIGRATIONS = [
  `CREATE TABLE decisions (
     id TEXT PRIMARY KEY, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, action TEXT NOT NULL,
     params TEXT NOT NULL, reason TEXT NOT NULL, evidence TEXT, source TEXT NOT NULL, rule TEXT, actor TEXT NOT NULL,
     created_at BIGINT NOT NULL, expires_at BIGINT, lifted_at BIGINT, lifted_by TEXT, lift_reason TEXT,
     seq BIGINT NOT NULL);
   CREATE INDEX decisions_target ON decisions(target_kind, target_id);
   CREATE UNIQUE INDEX decisions_seq ON decisions(seq);`,
];

export const PG_AUDIT_MIGRATIONS = [
  `CREATE TABLE audit_log (
     seq BIGINT PRIMARY KEY, ts TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, subject TEXT NOT NULL,
     data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);`,
  // The head anchor, as on SQLite: a log cut short at its end no longer verifies.
  `CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL);
   INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;`,
];

const DAY_MS = 86_400_000;

/** The archive partition an exchange time falls in. */
export function dayOf(tsMs: number): number {
  return Math.floor(tsMs / DAY_MS);
}

/** Creates the partition for `day` if it does not exist (run under the partitions lock). */
export function createDayPartitionSql(day: number): string {
  if (!Number.isInteger(day)) throw new Error(`not a day number: ${day}`);
  const name = `exchanges_d${day < 0 ? `m${-day}` : day}`;
  return `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF exchanges FOR VALUES FROM (${day}) TO (${day + 1})`;
}
