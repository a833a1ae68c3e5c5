/**
 * The tamper-evident audit log: every decision and its cause, in order. Each entry's hash is SHA-256 over the
 * previous entry's hash and the canonical JSON of the entry, so editing, deleting or reordering any past entry
 * breaks the chain from that point; `verifyAudit` names the first broken entry. Appends take SQLite's write lock
 * before reading the chain head, so two processes (gateway and CLI) never fork the chain. A head anchor (the last
 * entry's number and hash, kept in its own table and written in the same transaction as each entry) makes a log cut
 * short at the end visible too, which the chain alone cannot show.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { migrate, type SqliteDatabase } from './database.js';

export const AUDIT_MODULE = 'audit';
export const AUDIT_MIGRATIONS = [
  `CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, subject TEXT NOT NULL,
     data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);`,
  `CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
   INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;`,
];

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

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

interface AuditRow {
  seq: number;
  ts: string;
  kind: string;
  actor: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

/** The hash of an entry: SHA-256(prevHash + "\n" + canonical JSON of {seq, ts, kind, actor, subject, data}). */
export function auditHash(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    seq: entry.seq,
    ts: entry.ts,
    kind: entry.kind,
    actor: entry.actor,
    subject: entry.subject,
    data: entry.data,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
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
      const last = this.head.get() as { seq: number; hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS_HASH;
      const entry = {
        seq: (last?.seq ?? 0) + 1,
        ts: input.ts ?? new Date().toISOString(),
        kind: input.kind,
        actor: input.actor,
        subject: input.subject,
        data: JSON.parse(canonicalJson(input.data)) as Record<string, unknown>,
      };
      const hash = auditHash(prevHash, entry);
      this.insert.run(entry.seq, entry.ts, entry.kind, entry.actor, entry.subject, canonicalJson(entry.data), prevHash, hash);
      this.setAnchor.run(entry.seq, hash);
      return { ...entry, prevHash, hash };
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** Entries in order, optionally from `fromSeq`. */
  *entries(fromSeq = 1): Generator<AuditEntry> {
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').iterate(fromSeq) as Iterable<AuditRow>;
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
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>;
    for (const r of rows) {
      count++;
      const broken = (problem: string): AuditVerification => ({ ok: false, entries: count, firstBroken: { seq: r.seq, problem } });
      if (r.seq !== expectedSeq) return broken(`expected entry ${expectedSeq} here, found ${r.seq} (entries missing)`);
      if (r.prev_hash !== prev) return broken('its previous-hash link does not match the entry before it');
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(r.data) as Record<string, unknown>;
      } catch {
        return broken('its data is not valid JSON');
      }
      const hash = auditHash(prev, { seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data });
      if (hash !== r.hash) return broken('its content does not match its hash (edited)');
      prev = r.hash;
      expectedSeq++;
    }
    const anchor = this.anchor.get() as { seq: number; hash: string } | undefined;
    const lastSeq = expectedSeq - 1;
    if ((anchor?.seq ?? 0) !== lastSeq || (anchor !== undefined && anchor.hash !== prev)) {
      const problem = anchor
        ? `the log ends at entry ${lastSeq} but its head anchor records entry ${anchor.seq} (entries removed from the end, or the anchor edited)`
        : `the log has ${lastSeq} entries but no head anchor (removed)`;
      return { ok: false, entries: count, firstBroken: { seq: Math.min(lastSeq, anchor?.seq ?? lastSeq) + 1, problem } };
    }
    return { ok: true, entries: count, head: prev };
  }
}

/** Opens the audit log on `db` and verifies it. */
export function verifyAudit(db: SqliteDatabase): AuditVerification {
  return new AuditLog(db).verify();
}
