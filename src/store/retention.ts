/**
 * Retention of recorded exchanges in the SQLite store: exchanges older than `exchangesDays` are deleted, and those
 * older than `fullTextDays` keep only what a reducer leaves of them (the gateway's privacy reduction: signals and
 * fingerprints, no text). Work is done in bounded slices so a first purge over millions of rows never stalls the
 * gateway's event loop for long; a scheduler runs it at start, then periodically, and sooner while work is left.
 */
import type { Exchange } from '../exchange/exchange.js';
import { migrate, type SqliteDatabase } from './database.js';

export interface RetentionRule {
  /** Days an exchange is kept at all; undefined: forever. */
  exchangesDays?: number | undefined;
  /** Days an exchange keeps its full text; undefined: as long as it is kept. */
  fullTextDays?: number | undefined;
}

/** Turns a full exchange into the form kept past `fullTextDays` (must be idempotent). */
export type ExchangeReducer = (exchange: Exchange) => Exchange;

export interface PurgeResult {
  deleted: number;
  reduced: number;
  /** Rows were left for the next slice (the slice limit was reached). */
  more: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Rows deleted or rewritten per slice: a few milliseconds of SQLite work each, so a purge interleaves with traffic
 * (a reduction re-extracts signals, roughly 50 us a row).
 */
export const PURGE_SLICE_ROWS = 2_000;

/** `text_kept` marks rows whose body still holds full text; the index finds the old ones without a table scan. */
export const RETENTION_MIGRATIONS = [
  `ALTER TABLE exchanges ADD COLUMN text_kept INTEGER NOT NULL DEFAULT 1;
   CREATE INDEX exchanges_text_kept ON exchanges(text_kept, ts_ms);`,
];

export class ExchangeRetention {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly rule: RetentionRule,
    private readonly reduce: ExchangeReducer,
  ) {
    for (const [name, days] of Object.entries(rule)) {
      if (days !== undefined && !(Number.isFinite(days) && days > 0)) throw new Error(`retention.${name} must be a positive number of days, got ${days}`);
    }
    migrate(db, 'retention', RETENTION_MIGRATIONS);
  }

  /** True when the rule asks for anything to be removed. */
  get active(): boolean {
    return this.rule.exchangesDays !== undefined || this.rule.fullTextDays !== undefined;
  }

  /** One bounded slice of the purge as of `now`: deletes first (no point reducing what is about to go), then reduces. */
  purgeSlice(now = Date.now(), sliceRows = PURGE_SLICE_ROWS): PurgeResult {
    let deleted = 0;
    let reduced = 0;
    if (this.rule.exchangesDays !== undefined) {
      const cutoff = now - this.rule.exchangesDays * DAY_MS;
      deleted = this.db
        .prepare('DELETE FROM exchanges WHERE rowid IN (SELECT rowid FROM exchanges WHERE ts_ms < ? ORDER BY ts_ms LIMIT ?)')
        .run(cutoff, sliceRows).changes;
    }
    const left = sliceRows - deleted;
    if (this.rule.fullTextDays !== undefined && left > 0) {
      const cutoff = now - this.rule.fullTextDays * DAY_MS;
      const rows = this.db
        .prepare('SELECT id, body FROM exchanges WHERE text_kept = 1 AND ts_ms < ? ORDER BY ts_ms LIMIT ?')
        .all(cutoff, left) as { id: string; body: string }[];
      const update = this.db.prepare('UPDATE exchanges SET body = ?, text_kept = 0 WHERE id = ?');
      this.db.transaction(() => {
        for (const row of rows) update.run(JSON.stringify(this.reduce(JSON.parse(row.body) as Exchange)), row.id);
      })();
      reduced = rows.length;
    }
    return { deleted, reduced, more: deleted + reduced >= sliceRows };
  }

  /** The whole purge as of `now`, slice after slice (tests and one-off maintenance). */
  purgeAll(now = Date.now()): PurgeResult {
    const total: PurgeResult = { deleted: 0, reduced: 0, more: false };
    for (;;) {
      const r = this.purgeSlice(now);
      total.deleted += r.deleted;
      total.reduced += r.reduced;
      if (!r.more) return total;
    }
  }

  /**
   * Purges now and every `intervalMs`; while slices leave work, the next one follows on the next turn of the event
   * loop. Returns the function that stops it.
   */
  start(intervalMs: number, onSlice: (r: PurgeResult) => void = () => {}, onError: (err: unknown) => void = () => {}): () => void {
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const run = () => {
      if (stopped) return;
      let next = intervalMs;
      try {
        const r = this.purgeSlice();
        if (r.deleted + r.reduced > 0) onSlice(r);
        if (r.more) next = 0;
      } catch (err) {
        onError(err);
      }
      timer = setTimeout(run, next);
      timer.unref();
    };
    timer = setTimeout(run, 0);
    timer.unref();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }
}
