/** The TAXII store in the embedded SQLite database (the gateway's own, beside the exchanges). */
import { migrate, type SqliteDatabase } from '../../store/database.js';
import type { StixObject } from '../stix-export.js';
import { nextDateAdded, objectRow, versionOf, type StoredObjectRow, type TaxiiObjectRow, type TaxiiPage, type TaxiiPageQuery, type TaxiiStatus, type TaxiiStore } from './taxii-store.js';
import { taxiiTime } from './taxii-time.js';

export const TAXII_MODULE = 'taxii';
export const TAXII_MIGRATIONS = [
  `CREATE TABLE taxii_objects (
     collection TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL, date_added INTEGER NOT NULL, body TEXT NOT NULL,
     PRIMARY KEY (collection, id));
   CREATE UNIQUE INDEX taxii_objects_added ON taxii_objects(collection, date_added);
   CREATE TABLE taxii_status (id TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE taxii_peer_cursor (peer TEXT PRIMARY KEY, added_after TEXT NOT NULL);`,
];


export class SqliteTaxiiStore implements TaxiiStore {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, TAXII_MODULE, TAXII_MIGRATIONS);
  }

  async put(collection: string, objects: readonly StixObject[], nowMs: number): Promise<TaxiiObjectRow[]> {
    const last = this.db.prepare('SELECT MAX(date_added) AS d FROM taxii_objects WHERE collection = ?');
    const held = this.db.prepare('SELECT body FROM taxii_objects WHERE collection = ? AND id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO taxii_objects (collection, id, version, date_added, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(collection, id) DO UPDATE SET version = excluded.version, date_added = excluded.date_added, body = excluded.body`,
    );
    return this.db.transaction(() => {
      let previous = (last.get(collection) as { d: number | null }).d;
      const written: TaxiiObjectRow[] = [];
      for (const object of objects) {
        const body = JSON.stringify(object);
        if ((held.get(collection, object.id) as { body: string } | undefined)?.body === body) continue;
        const dateAdded = nextDateAdded(previous, nowMs);
        previous = dateAdded;
        const version = versionOf(object, taxiiTime(dateAdded));
        upsert.run(collection, object.id, version, dateAdded, body);
        written.push({ id: object.id, version, dateAdded, object });
      }
      return written;
    }).immediate(); // reads, then writes: see SqliteStore.createKey
  }

  async get(collection: string, id: string): Promise<TaxiiObjectRow | null> {
    const r = this.db.prepare('SELECT id, version, date_added, body FROM taxii_objects WHERE collection = ? AND id = ?').get(collection, id) as StoredObjectRow | undefined;
    return r ? objectRow(r) : null;
  }

  async page(collection: string, q: TaxiiPageQuery): Promise<TaxiiPage> {
    const where = ['collection = ?', 'date_added > ?'];
    const params: Array<string | number> = [collection, q.addedAfter ?? -1];
    for (const [column, values] of [['id', q.ids], ['json_extract(body, \'$.type\')', q.types]] as const) {
      if (!values?.length) continue;
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    const rows = this.db
      .prepare(`SELECT id, version, date_added, body FROM taxii_objects WHERE ${where.join(' AND ')} ORDER BY date_added LIMIT ?`)
      .all(...params, q.limit + 1) as StoredObjectRow[];
    return { rows: rows.slice(0, q.limit).map(objectRow), more: rows.length > q.limit };
  }

  async saveStatus(status: TaxiiStatus): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO taxii_status (id, body) VALUES (?, ?)').run(status.id, JSON.stringify(status));
  }

  async status(id: string): Promise<TaxiiStatus | null> {
    const r = this.db.prepare('SELECT body FROM taxii_status WHERE id = ?').get(id) as { body: string } | undefined;
    return r ? (JSON.parse(r.body) as TaxiiStatus) : null;
  }

  async cursor(peer: string): Promise<string | null> {
    const r = this.db.prepare('SELECT added_after FROM taxii_peer_cursor WHERE peer = ?').get(peer) as { added_after: string } | undefined;
    return r?.added_after ?? null;
  }

  async setCursor(peer: string, addedAfter: string): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO taxii_peer_cursor (peer, added_after) VALUES (?, ?)').run(peer, addedAfter);
  }
}
