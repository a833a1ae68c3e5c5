/**
 * The shared store of cluster mode on PostgreSQL (`store.kind: postgres`): accounts, API keys and the exchange
 * archive, behind the same `Store` interface as SQLite, so gateways, workers, `export` and `scan` use either.
 * The archive is partitioned by UTC day; a day's partition is created on its first exchange.
 */
import type { Account, Release } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import { exchangeJson } from '../exchange/exchange-json.js';
import { accountFromRow, mergedAccountRow, type AccountRow } from './account-row.js';
import { keyIdOf, keyInfo, newKeyMaterial, secretMatches, type KeyRow } from './api-key.js';
import { inPgTransaction, migratePg, openPgPool, PG_LOCKS, type PgClient, type PgOptions, type PgPool } from './pg-database.js';
import { createDayPartitionSql, dayOf, PG_CORE_MIGRATIONS, PG_RELEASES_MIGRATIONS } from './pg-migrations.js';
import type { ApiKeyInfo, CreatedKey, ExchangeQuery, Store, UpdatedAccounts, VerifiedKey } from './store.js';

/** Rows per INSERT statement: 7 parameters each, well under PostgreSQL's 65,535-parameter limit. */
const INSERT_CHUNK = 1000;
/** The database's clock in epoch ms: every gateway's writes are stamped by one clock. */
const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

export class PgStore implements Store {
  private readonly days = new Set<number>();

  private constructor(readonly pool: PgPool) {}

  /** Connects, creates the schema when missing and applies the core migrations. */
  static async open(options: PgOptions): Promise<PgStore> {
    const pool = await openPgPool(options);
    try {
      await migratePg(pool, 'core', PG_CORE_MIGRATIONS);
      await migratePg(pool, 'releases', PG_RELEASES_MIGRATIONS);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PgStore(pool);
  }

  async upsertAccount(account: Account): Promise<boolean> {
    return inPgTransaction(this.pool, (client) => this.upsertAccountIn(client, account));
  }

  private async upsertAccountIn(client: PgClient, account: Account): Promise<boolean> {
    const { rows } = await client.query<AccountRow>('SELECT * FROM accounts WHERE id = $1 FOR UPDATE', [account.id]);
    const existing = rows[0];
    const row = mergedAccountRow(existing ? accountFromRow(existing) : null, account);
    await client.query(
      `INSERT INTO accounts (id, org, created, country, email_domain, payment, verification, tier, allowlisted, extra, updated_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${NOW_MS})
       ON CONFLICT (id) DO UPDATE SET org = excluded.org, created = excluded.created, country = excluded.country,
         email_domain = excluded.email_domain, payment = excluded.payment, verification = excluded.verification,
         tier = excluded.tier, allowlisted = excluded.allowlisted, extra = excluded.extra, updated_ms = excluded.updated_ms`,
      [account.id, ...row.columns, row.allowlisted, row.extra === null ? null : JSON.stringify(row.extra)],
    );
    return existing === undefined;
  }

  async getAccount(id: string): Promise<Account | null> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return rows[0] ? accountFromRow(rows[0]) : null;
  }

  async listAccounts(): Promise<Account[]> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts ORDER BY id');
    return rows.map(accountFromRow);
  }

  async accountsUpdatedSince(since: number): Promise<UpdatedAccounts> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE updated_ms >= $1 ORDER BY updated_ms, id', [since]);
    return { accounts: rows.map(accountFromRow), latest: Number(rows.at(-1)?.updated_ms ?? since) };
  }

  async upsertRelease(release: Release): Promise<boolean> {
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      `INSERT INTO releases (model, released) VALUES ($1, $2)
       ON CONFLICT (model) DO UPDATE SET released = excluded.released RETURNING (xmax = 0) AS inserted`,
      [release.model, release.released],
    );
    return rows[0]!.inserted;
  }

  async listReleases(): Promise<Release[]> {
    const { rows } = await this.pool.query<Release>('SELECT model, released FROM releases ORDER BY released, model');
    return rows;
  }

  async createKey(account: string, name?: string): Promise<CreatedKey> {
    const material = newKeyMaterial();
    const created = new Date().toISOString();
    const accountCreated = await inPgTransaction(this.pool, async (client) => {
      const inserted = await client.query(`INSERT INTO accounts (id, created, updated_ms) VALUES ($1, $2, ${NOW_MS}) ON CONFLICT (id) DO NOTHING`, [
        account,
        created,
      ]);
      await client.query('INSERT INTO api_keys (id, account, name, salt, hash, created) VALUES ($1, $2, $3, $4, $5, $6)', [
        material.id,
        account,
        name ?? null,
        material.salt,
        material.hash,
        created,
      ]);
      return inserted.rowCount === 1;
    });
    return { key: { id: material.id, account, name: name ?? null, created, revoked: null }, secret: material.secret, accountCreated };
  }

  async verifyKey(secret: string): Promise<VerifiedKey | null> {
    const id = keyIdOf(secret);
    if (id === null) return null;
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
    const row = rows[0];
    if (!row || row.revoked !== null || !secretMatches(secret, row.salt, row.hash)) return null;
    const account = await this.getAccount(row.account);
    return account ? { keyId: row.id, account } : null;
  }

  async listKeys(account?: string): Promise<ApiKeyInfo[]> {
    const { rows } =
      account === undefined
        ? await this.pool.query<KeyRow>('SELECT * FROM api_keys ORDER BY account, created')
        : await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE account = $1 ORDER BY created', [account]);
    return rows.map(keyInfo);
  }

  async revokeKey(id: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE api_keys SET revoked = $1 WHERE id = $2 AND revoked IS NULL', [
      new Date().toISOString(),
      id,
    ]);
    return result.rowCount === 1;
  }

  private async ensurePartitions(days: Iterable<number>): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.days.has(d));
    if (missing.length === 0) return;
    await inPgTransaction(this.pool, async (client) => {
      // Two gateways creating the same day's partition at once would otherwise race in the catalogue.
      await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCKS.partitions]);
      for (const day of missing) await client.query(createDayPartitionSql(day));
    });
    for (const day of missing) this.days.add(day);
  }

  async insertExchanges(exchanges: readonly Exchange[]): Promise<void> {
    if (exchanges.length === 0) return;
    const rows = exchanges.map((ex) => {
      const tsMs = Date.parse(ex.ts);
      if (Number.isNaN(tsMs)) throw new Error(`exchange ${ex.id}: not an RFC 3339 time: ${ex.ts}`);
      return [ex.id, dayOf(tsMs), ex.ts, tsMs, ex.account, ex.response.status, exchangeJson(ex)] as const;
    });
    await this.ensurePartitions(rows.map((r) => r[1]));
    await inPgTransaction(this.pool, async (client) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        const values = chunk.map((_, j) => `($${j * 7 + 1}, $${j * 7 + 2}, $${j * 7 + 3}, $${j * 7 + 4}, $${j * 7 + 5}, $${j * 7 + 6}, $${j * 7 + 7})`);
        await client.query(
          `INSERT INTO exchanges (id, day, ts, ts_ms, account, status, body) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
          chunk.flat(),
        );
      }
    });
  }

  async *exchanges(query: ExchangeQuery = {}): AsyncGenerator<Exchange> {
    const pageSize = query.pageSize ?? 1000;
    let afterMs = query.since !== undefined ? Date.parse(query.since) - 1 : Number.MIN_SAFE_INTEGER;
    if (Number.isNaN(afterMs)) throw new Error(`not an RFC 3339 time: ${query.since}`);
    // The first day that can hold a wanted exchange (INTEGER's lowest value when there is no --since).
    const fromDay = query.since !== undefined ? dayOf(afterMs) : -(2 ** 31);
    let afterId = '\uffff';
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; ts_ms: number; body: string }>(
        // The day bound lets PostgreSQL skip whole partitions before the page.
        `SELECT id, ts_ms, body FROM exchanges WHERE day >= $4 AND (ts_ms > $1 OR (ts_ms = $1 AND id > $2))
         ORDER BY ts_ms, id LIMIT $3`,
        [afterMs, afterId, pageSize, fromDay],
      );
      for (const row of rows) yield JSON.parse(row.body) as Exchange;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      afterMs = last.ts_ms;
      afterId = last.id;
    }
  }

  async countExchanges(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM exchanges');
    return rows[0]!.n;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
