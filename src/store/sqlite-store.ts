/**
 * The embedded store on SQLite (one file in the data directory): accounts, API keys and recorded exchanges.
 * Exchanges keep the full JSON of the exchange-log line plus indexed `ts`/`account` columns for export and lookups;
 * a file-backed store writes them from a worker thread on its own connection (exchange-writer-thread.ts).
 */
import type { Account, Release } from '../exchange/account.js';
import { accountFromRow, mergedAccountRow, type AccountRow } from './account-row.js';
import type { Exchange } from '../exchange/exchange.js';
import { keyIdOf, keyInfo, newKeyMaterial, secretMatches, type KeyRow } from './api-key.js';
import { migrate, openDatabase, type SqliteDatabase } from './database.js';
import { exchangeOfItem, exchangeRow, exchangeRowInserter, rowOfItem, writerItem, type ExchangeRow, type WriterItem } from './exchange-insert.js';
import { ExchangeWriterThread } from './exchange-writer-thread.js';
import type { ApiKeyInfo, CreatedKey, ExchangeQuery, QueuedExchanges, Store, UpdatedAccounts, VerifiedKey } from './store.js';

export const CORE_MIGRATIONS = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY, org TEXT, created TEXT, country TEXT, email_domain TEXT, payment TEXT,
     verification TEXT, tier TEXT, allowlisted INTEGER, extra TEXT);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), name TEXT,
     salt TEXT NOT NULL, hash TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
   CREATE INDEX api_keys_account ON api_keys(account);
   CREATE TABLE exchanges (
     id TEXT PRIMARY KEY, ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, account TEXT NOT NULL,
     status INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE INDEX exchanges_ts ON exchanges(ts_ms, id);
   CREATE INDEX exchanges_account ON exchanges(account, ts_ms);`,
  // When each account was last written, so running gateways and workers can read only what changed.
  `ALTER TABLE accounts ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX accounts_updated ON accounts(updated_ms);`,
];

/** Model releases: their own module, added after the core tables. */
export const RELEASES_MIGRATIONS = [`CREATE TABLE releases (model TEXT PRIMARY KEY, released TEXT NOT NULL)`];

export class SqliteStore implements Store {
  /** This thread's connection: reads, and every write but the exchanges of a file-backed store. */
  readonly db: SqliteDatabase;
  /** Writes exchanges off the event loop (file-backed stores; an in-memory database has no second connection). */
  readonly exchangeWriter: ExchangeWriterThread | null;
  private readonly insertHere: (rows: readonly ExchangeRow[]) => void;

  /**
   * `dataDir` is the data directory (the file is `hydrawatch.db` inside it) or ':memory:'. `writerThread: false`
   * writes exchanges on this thread's connection instead (bench/healthz compares both).
   */
  constructor(dataDir: string, options: { writerThread?: boolean } = {}) {
    this.db = openDatabase(dataDir);
    migrate(this.db, 'core', CORE_MIGRATIONS);
    migrate(this.db, 'releases', RELEASES_MIGRATIONS);
    const threaded = dataDir !== ':memory:' && options.writerThread !== false;
    this.exchangeWriter = threaded ? new ExchangeWriterThread(dataDir) : null;
    this.insertHere = exchangeRowInserter(this.db);
  }

  async upsertAccount(account: Account): Promise<boolean> {
    return this.upsertAccountSync(account);
  }

  private upsertAccountSync(account: Account): boolean {
    const existing = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(account.id) as AccountRow | undefined;
    const row = mergedAccountRow(existing ? accountFromRow(existing) : null, account);
    this.db
      .prepare(
        `INSERT INTO accounts (id, org, created, country, email_domain, payment, verification, tier, allowlisted, extra, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET org = excluded.org, created = excluded.created, country = excluded.country,
           email_domain = excluded.email_domain, payment = excluded.payment, verification = excluded.verification,
           tier = excluded.tier, allowlisted = excluded.allowlisted, extra = excluded.extra, updated_ms = excluded.updated_ms`,
      )
      .run(
        account.id,
        ...row.columns,
        row.allowlisted === null ? null : row.allowlisted ? 1 : 0,
        row.extra === null ? null : JSON.stringify(row.extra),
        Date.now(),
      );
    return existing === undefined;
  }

  async getAccount(id: string): Promise<Account | null> {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row ? accountFromRow(row) : null;
  }

  async listAccounts(): Promise<Account[]> {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow[]).map(accountFromRow);
  }

  async accountsUpdatedSince(since: number): Promise<UpdatedAccounts> {
    const rows = this.db.prepare('SELECT * FROM accounts WHERE updated_ms >= ? ORDER BY updated_ms, id').all(since) as AccountRow[];
    return { accounts: rows.map(accountFromRow), latest: Number(rows.at(-1)?.updated_ms ?? since) };
  }

  async upsertRelease(release: Release): Promise<boolean> {
    const before = this.db.prepare('SELECT released FROM releases WHERE model = ?').get(release.model);
    this.db
      .prepare('INSERT INTO releases (model, released) VALUES (?, ?) ON CONFLICT(model) DO UPDATE SET released = excluded.released')
      .run(release.model, release.released);
    return before === undefined;
  }

  async listReleases(): Promise<Release[]> {
    return this.db.prepare('SELECT model, released FROM releases ORDER BY released, model').all() as Release[];
  }

  async createKey(account: string, name?: string): Promise<CreatedKey> {
    const material = newKeyMaterial();
    const created = new Date().toISOString();
    // Immediate: a deferred transaction that reads first cannot take the write lock once the writer thread has
    // committed meanwhile (SQLITE_BUSY at once, no busy wait); an immediate one waits for the lock (busy_timeout).
    const accountCreated = this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(account) !== undefined;
      if (!exists) this.upsertAccountSync({ id: account, created });
      this.db
        .prepare('INSERT INTO api_keys (id, account, name, salt, hash, created) VALUES (?, ?, ?, ?, ?, ?)')
        .run(material.id, account, name ?? null, material.salt, material.hash, created);
      return !exists;
    }).immediate();
    return {
      key: { id: material.id, account, name: name ?? null, created, revoked: null },
      secret: material.secret,
      accountCreated,
    };
  }

  async verifyKey(secret: string): Promise<VerifiedKey | null> {
    const id = keyIdOf(secret);
    if (id === null) return null;
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
    if (!row || row.revoked !== null || !secretMatches(secret, row.salt, row.hash)) return null;
    const account = await this.getAccount(row.account);
    return account ? { keyId: row.id, account } : null;
  }

  async listKeys(account?: string): Promise<ApiKeyInfo[]> {
    const rows = (
      account === undefined
        ? this.db.prepare('SELECT * FROM api_keys ORDER BY account, created').all()
        : this.db.prepare('SELECT * FROM api_keys WHERE account = ? ORDER BY created').all(account)
    ) as KeyRow[];
    return rows.map(keyInfo);
  }

  async revokeKey(id: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL')
      .run(new Date().toISOString(), id);
    return result.changes > 0;
  }

  async startExchangeWrites(): Promise<void> {
    await this.exchangeWriter?.start();
  }

  async insertExchanges(exchanges: readonly Exchange[]): Promise<void> {
    if (exchanges.length === 0) return;
    if (this.exchangeWriter) await this.exchangeWriter.insert(exchanges);
    else this.insertHere(exchanges.map(exchangeRow));
  }

  /** Exchanges wait as the writer thread's items (their rows: the line made once, the object let go). */
  queuedExchanges(): QueuedExchanges<WriterItem> {
    return {
      of: writerItem,
      exchange: exchangeOfItem,
      insert: async (items) => {
        if (items.length === 0) return;
        if (this.exchangeWriter) await this.exchangeWriter.insertItems(items);
        else this.insertHere(items.map(rowOfItem));
      },
    };
  }

  async *exchanges(query: ExchangeQuery = {}): AsyncGenerator<Exchange> {
    const pageSize = query.pageSize ?? 1000;
    const page = this.db.prepare(
      `SELECT id, ts_ms, body FROM exchanges WHERE (ts_ms > ? OR (ts_ms = ? AND id > ?)) ORDER BY ts_ms, id LIMIT ?`,
    );
    let afterMs = query.since !== undefined ? Date.parse(query.since) - 1 : -Infinity;
    if (Number.isNaN(afterMs)) throw new Error(`not an RFC 3339 time: ${query.since}`);
    if (afterMs === -Infinity) afterMs = Number.MIN_SAFE_INTEGER;
    let afterId = '\uffff';
    for (;;) {
      const rows = page.all(afterMs, afterMs, afterId, pageSize) as { id: string; ts_ms: number; body: string }[];
      for (const row of rows) yield JSON.parse(row.body) as Exchange;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      afterMs = last.ts_ms;
      afterId = last.id;
    }
  }

  async countExchanges(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM exchanges').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    await this.exchangeWriter?.close();
    if (this.db.open) this.db.close();
  }
}
