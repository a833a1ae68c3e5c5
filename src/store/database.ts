/**
 * Opens the embedded SQLite database (WAL) in the data directory and applies versioned migrations.
 * Each store module owns its tables and registers its own ordered list of migrations under a module name,
 * so modules evolve independently and a database is upgraded in place.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'hydrawatch.db';

/** The data directory of docs/gateway.md: `HYDRAWATCH_DATA`, else `./.hydrawatch`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HYDRAWATCH_DATA ?? './.hydrawatch';
}

/** Opens (creating if needed) the database in `dataDir`, or an in-memory one for ':memory:'. */
export function openDatabase(dataDir: string): SqliteDatabase {
  let db: SqliteDatabase;
  if (dataDir === ':memory:') db = new Database(':memory:');
  else {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))`);
  return db;
}

/**
 * Applies the migrations of `module` that this database has not seen yet, in order, each in a transaction.
 * Migration i (0-based) is version i+1; never edit a released migration, append a new one.
 */
export function migrate(db: SqliteDatabase, module: string, migrations: readonly string[]): void {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?').get(module) as
    | { v: number | null }
    | undefined;
  const current = row?.v ?? 0;
  const record = db.prepare('INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)');
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      record.run(module, version, new Date().toISOString());
    })();
  }
}
