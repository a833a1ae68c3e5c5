/**
 * The tamper-evident audit log: every decision and its cause, in order. Each entry's hash is SHA-256 over the
 * previous entry's hash and the canonical JSON of the entry, so editing, deleting or reordering any past entry
 * breaks the chain from that point; `verifyAudit` names the first broken entry. Appends take SQLite's write lock
 * before reading the chain head, so two processes (gateway and CLI) never fork the chain. A head anchor (the last
 * entry's number and hash, kept in its own table and written in the same transaction as each entry) makes a log cut
 * short at the end visible too, which the chain alone cannot show.
 */
import { AuditChainCheck, nextAuditEntry, type StoredAuditRow } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
import { migrate, type SqliteDatabase } from './database.js';

export { auditHash, GENESIS_HASH } from './audit-chain.js';

export const AUDIT_MODULE = 'audit';
export const AUDIT_MIGRATIONS = [
  `CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, subject TEXT NOT NULL,
     data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);`,
  `CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
   INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;`,
];

export interface AuditInput {
  /** What happened, e.g. `decision.add`, `decision.lift`. */
  kind: string;
  /** Who did it: `analyst:<name>`, `cli`, `admin-api`, `policy:<rule>`. */
  actor: string;
  /** What it was done to, e.g. `account:acct_1` or `decision:<id>`. */
  subject: string;
  /** The cause and content (JSON). */
  data: Record<string, unknown>;
  /** RFC 3339; defaults to now. */
  ts?: string;
}

export interface AuditEntry {
  seq: number;
  ts: string;
  kind: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBroken: { seq: number; problem: string } };

export class AuditLog {
  private readonly insert;
  private readonly head;
  private readonly setAnchor;
  private readonly anchor;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, AUDIT_MODULE, AUDIT_MIGRATIONS);
    this.insert = db.prepare(
      'INSERT INTO audit_log (seq, ts, kind, actor, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.setAnchor = db.prepare(
      'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    );
    this.anchor = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
  }

  /**
   * Appends an entry. Call inside the caller's transaction to make the entry atomic with what it records;
   * otherwise it takes the write lock itself.
   */
  append(input: AuditInput): AuditEntry {
    const run = (): AuditEntry => {
      const e = nextAuditEntry(this.head.get() as { seq: number; hash: string } | undefined, input);
      this.insert.run(e.seq, e.ts, e.kind, e.actor, e.subject, canonicalJson(e.data), e.prevHash, e.hash);
      this.setAnchor.run(e.seq, e.hash);
      return e;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** Entries in order, optionally from `fromSeq`. */
  *entries(fromSeq = 1): Generator<AuditEntry> {
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').iterate(fromSeq) as Iterable<StoredAuditRow>;
    for (const r of rows) {
      yield {
        seq: r.seq,
        ts: r.ts,
        kind: r.kind,
        actor: r.actor,
        subject: r.subject,
        data: JSON.parse(r.data) as Record<string, unknown>,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
    }
  }

  /** Walks the whole chain; reports the first entry whose link or hash does not hold. */
  verify(): AuditVerification {
    const check = new AuditChainCheck();
    for (const r of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<StoredAuditRow>) {
      const broken = check.next(r);
      if (broken) return broken;
    }
    return check.intactUpTo(this.anchor.get() as { seq: number; hash: string } | undefined);
  }
}

/** Opens the audit log on `db` and verifies it. */
export function verifyAudit(db: SqliteDatabase): AuditVerification {
  return new AuditLog(db).verify();
}
