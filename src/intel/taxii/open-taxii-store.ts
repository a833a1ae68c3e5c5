/** The TAXII store of the configured back end: beside the exchanges in SQLite, or in the cluster's PostgreSQL. */
import type { OpenedStores } from '../../store/open-store.js';
import type { TaxiiStore } from './taxii-store.js';

export async function openTaxiiStore(stores: Pick<OpenedStores, 'sqlite' | 'pg'>): Promise<TaxiiStore> {
  if (stores.sqlite) return new (await import('./sqlite-taxii-store.js')).SqliteTaxiiStore(stores.sqlite);
  if (stores.pg) return (await import('./pg-taxii-store.js')).PgTaxiiStore.open(stores.pg);
  throw new Error('no store to keep TAXII collections in');
}
