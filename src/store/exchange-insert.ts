/** The one way exchanges are inserted into the SQLite `exchanges` table, on whichever connection owns the writes. */
import type { Exchange } from '../exchange/exchange.js';
import type { SqliteDatabase } from './database.js';

/** A function that inserts a batch in one transaction (an id already present is kept as first written). */
export function exchangeInserter(db: SqliteDatabase): (exchanges: readonly Exchange[]) => void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO exchanges (id, ts, ts_ms, account, status, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertAll = db.transaction((list: readonly Exchange[]) => {
    for (const ex of list) insert.run(ex.id, ex.ts, Date.parse(ex.ts), ex.account, ex.response.status, JSON.stringify(ex));
  });
  return (exchanges) => {
    if (exchanges.length > 0) insertAll(exchanges);
  };
}
