/** The one way exchanges are inserted into the SQLite `exchanges` table, on whichever connection owns the writes. */
import type { Exchange } from '../exchange/exchange.js';
import { exchangeJson, smallExchangeJson } from '../exchange/exchange-json.js';
import type { SqliteDatabase } from './database.js';

/** What is stored of one exchange: its indexed columns and its log line (`body`). */
export type ExchangeRow = [id: string, ts: string, account: string, status: number, body: string];

/**
 * The row of an exchange: its line is serialised once for every thread it goes to (exchange-json.ts). Throws when
 * it cannot be serialised (nesting too deep).
 */
export const exchangeRow = (ex: Exchange): ExchangeRow => [ex.id, ex.ts, ex.account, ex.response.status, exchangeJson(ex)];

/**
 * What the writer thread is handed of one exchange: its row when its line is made or cheap to make, else (a large
 * exchange: exchange-json.ts) the exchange itself, cloned, for the thread to serialise. Throws when it cannot be
 * serialised (nesting too deep).
 */
export type WriterItem = ExchangeRow | Exchange;

export function writerItem(ex: Exchange): WriterItem {
  return smallExchangeJson(ex) === null ? ex : exchangeRow(ex);
}

/** The exchange of an item (its row's line parsed back: only for an item whose write failed, to reduce it). */
export const exchangeOfItem = (item: WriterItem): Exchange => (Array.isArray(item) ? (JSON.parse(item[4]) as Exchange) : item);

/** The row of a handed-over item. */
export const rowOfItem = (item: WriterItem): ExchangeRow => (Array.isArray(item) ? item : exchangeRow(item));

/** A function that inserts a batch of rows in one transaction (an id already present is kept as first written). */
export function exchangeRowInserter(db: SqliteDatabase): (rows: readonly ExchangeRow[]) => void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO exchanges (id, ts, ts_ms, account, status, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertAll = db.transaction((rows: readonly ExchangeRow[]) => {
    for (const [id, ts, account, status, body] of rows) insert.run(id, ts, Date.parse(ts), account, status, body);
  });
  return (rows) => {
    if (rows.length > 0) insertAll(rows);
  };
}
