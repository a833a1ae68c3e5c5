/** The TAXII store in the cluster's PostgreSQL database, the same tables as on SQLite (sqlite-taxii-store.ts). */
import { inPgTransaction, migratePg, PG_LOCKS, type PgPool } from '../../store/pg-database.js';
import type { StixObject } from '../stix-export.js';
import { TAXII_MODULE } from './sqlite-taxii-store.js';
import { nextDateAdded, objectRow, versionOf, type StoredObjectRow, type TaxiiObjectRow, type TaxiiPage, type TaxiiPageQuery, type TaxiiStatus, type TaxiiStore } from './taxii-store.js';
import { taxiiTime } from './taxii-time.js';

export const PG_TAXII_MIGRATIONS = [
  `CREATE TABLE taxii_objects (
     collection TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL, date_added BIGINT NOT NULL, type TEXT NOT NULL,
     body TEXT NOT NULL, PRIMARY KEY (collection, id));
   CREATE UNIQUE INDEX taxii_objects_added ON taxii_objects(collection, date_added);
   CREATE TABLE taxii_status (id TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE taxii_peer_cursor (peer TEXT PRIMARY KEY, added_after TEXT NOT NULL);`,
];


export class PgTaxiiStore implements TaxiiStore {
  private constructor(private readonly pool: PgPool) {}

  static async open(pool: PgPool): Promise<PgTaxiiStore> {
    await migratePg(pool, TAXII_MODULE, PG_TAXII_MIGRATIONS);
    return new PgTaxiiStore(pool);
  }

  put(collection: string, objects: readonly StixObject[], nowMs: number): Promise<TaxiiObjectRow[]> {
    return inPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCKS.taxii]);
      const last = await client.query<{ d: string | null }>('SELECT MAX(date_added) AS d FROM taxii_objects WHERE collection = $1', [collection]);
      let previous = last.rows[0]?.d == null ? null : Number(last.rows[0].d);
      const written: TaxiiObjectRow[] = [];
      for (const object of objects) {
        const body = JSON.stringify(object);
        const held = await client.query<{ body: string }>('SELECT body FROM taxii_objects WHERE collection = $1 AND id = $2', [collection, object.id]);
        if (held.rows[0]?.body === body) continue;
        const dateAdded = nextDateAdded(previous, nowMs);
        previous = dateAdded;
        const version = versionOf(object, taxiiTime(dateAdded));
        await client.query(
          `INSERT INTO taxii_objects (collection, id, version, date_added, type, body) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, date_added = excluded.date_added, type = excluded.type, body = excluded.body`,
          [collection, object.id, version, dateAdded, object.type, body],
        );
        written.push({ id: object.id, version, dateAdded, object });
      }
      return written;
    });
  }

  async get(collection: string, id: string): Promise<TaxiiObjectRow | null> {
    const { rows } = await this.pool.query<StoredObjectRow>('SELECT id, version, date_added, body FROM taxii_objects WHERE collection = $1 AND id = $2', [collection, id]);
    return rows[0] ? objectRow(rows[0]) : null;
  }

  async page(collection: string, q: TaxiiPageQuery): Promise<TaxiiPage> {
    const params: unknown[] = [collection, q.addedAfter ?? -1];
    const where = ['collection = $1', 'date_added > $2'];
    for (const [column, values] of [['id', q.ids], ['type', q.types]] as const) {
      if (!values?.length) continue;
      params.push([...values]);
      where.push(`${column} = ANY($${params.length})`);
    }
    params.push(q.limit + 1);
    const { rows } = await this.pool.query<StoredObjectRow>(
      `SELECT id, version, date_added, body FROM taxii_objects WHERE ${where.join(' AND ')} ORDER BY date_added LIMIT $${params.length}`,
      params,
    );
    return { rows: rows.slice(0, q.limit).map(objectRow), more: rows.length > q.limit };
  }

  async saveStatus(status: TaxiiStatus): Promise<void> {
    await this.pool.query('INSERT INTO taxii_status (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [status.id, JSON.stringify(status)]);
  }

  async status(id: string): Promise<TaxiiStatus | null> {
    const { rows } = await this.pool.query<{ body: string }>('SELECT body FROM taxii_status WHERE id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].body) as TaxiiStatus) : null;
  }

  async cursor(peer: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ added_after: string }>('SELECT added_after FROM taxii_peer_cursor WHERE peer = $1', [peer]);
    return rows[0]?.added_after ?? null;
  }

  async setCursor(peer: string, addedAfter: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO taxii_peer_cursor (peer, added_after) VALUES ($1, $2) ON CONFLICT (peer) DO UPDATE SET added_after = excluded.added_after',
      [peer, addedAfter],
    );
  }
}
