/**
 * Opens the configured back end (`store.kind`): the embedded SQLite file in the data directory, or the shared
 * PostgreSQL database of cluster mode. Every command and the gateway go through here, so they all agree on where
 * accounts, keys, decisions, the audit log and the exchange archive are.
 */
import type { Config } from '../config/config.js';
import type { SqliteDatabase } from './database.js';
import type { DecisionRecords } from './decision-records.js';
import type { PgPool } from './pg-database.js';
import type { Store } from './store.js';

export interface OpenedStores {
  kind: 'sqlite' | 'postgres';
  store: Store;
  decisions: DecisionRecords;
  /** The SQLite database (embedded mode only; the gateway's online enforcement uses it directly). */
  sqlite: SqliteDatabase | null;
  /** The PostgreSQL pool (cluster mode only). */
  pg: PgPool | null;
  /** Where the data is, for messages (never a password). */
  location: string;
  close(): Promise<void>;
}

export async function openStores(config: Pick<Config, 'store' | 'data'>): Promise<OpenedStores> {
  if (config.store.kind === 'postgres') {
    const { PgStore } = await import('./pg-store.js');
    const { PgDecisionStore } = await import('./pg-decisions.js');
    const { redactUrl } = await import('./pg-database.js');
    const url = config.store.postgres_url!;
    const store = await PgStore.open({ url, schema: config.store.postgres_schema });
    let decisions: DecisionRecords;
    try {
      decisions = await PgDecisionStore.open(store.pool);
    } catch (err) {
      await store.close();
      throw err;
    }
    return {
      kind: 'postgres',
      store,
      decisions,
      sqlite: null,
      pg: store.pool,
      location: `${redactUrl(url)} (schema ${config.store.postgres_schema})`,
      close: () => store.close(),
    };
  }
  const { SqliteStore } = await import('./sqlite-store.js');
  const { DecisionStore } = await import('./decisions.js');
  const store = new SqliteStore(config.data.dir);
  return {
    kind: 'sqlite',
    store,
    decisions: new DecisionStore(store.db),
    sqlite: store.db,
    pg: null,
    location: config.data.dir,
    close: () => store.close(),
  };
}
