/**
 * Checks the audit log's hash chain one stored entry at a time, the same way for every back end: each entry must
 * follow the previous one in sequence, link to its hash, and hash to its own content.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditInput, AuditVerification } from './audit.js';
import { canonicalJson } from './canonical-json.js';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

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

/**
 * The entry that follows the chain head `head` (undefined: the log is empty): numbered, hashed, its data in
 * canonical form. The caller must hold the back end's write lock from reading the head until the entry is stored.
 */
export function nextAuditEntry(head: { seq: number; hash: string } | undefined, input: AuditInput): AuditEntry {
  const prevHash = head?.hash ?? GENESIS_HASH;
  const entry = {
    seq: (head?.seq ?? 0) + 1,
    ts: input.ts ?? new Date().toISOString(),
    kind: input.kind,
    actor: input.actor,
    subject: input.subject,
    data: JSON.parse(canonicalJson(input.data)) as Record<string, unknown>,
  };
  return { ...entry, prevHash, hash: auditHash(prevHash, entry) };
}

/** An audit entry as stored: `data` is its canonical JSON text. */
export interface StoredAuditRow {
  seq: number;
  ts: string;
  kind: string;
  actor: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export class AuditChainCheck {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;

  /** Checks the next entry; returns the failed verification at the first broken entry, else null. */
  next(r: StoredAuditRow): AuditVerification | null {
    this.count++;
    const broken = (problem: string): AuditVerification => ({ ok: false, entries: this.count, firstBroken: { seq: r.seq, problem } });
    if (r.seq !== this.expectedSeq) return broken(`expected entry ${this.expectedSeq} here, found ${r.seq} (entries missing)`);
    if (r.prev_hash !== this.prev) return broken('its previous-hash link does not match the entry before it');
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(r.data) as Record<string, unknown>;
    } catch {
      return broken('its data is not valid JSON');
    }
    const hash = auditHash(this.prev, { seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data });
    if (hash !== r.hash) return broken('its content does not match its hash (edited)');
    this.prev = r.hash;
    this.expectedSeq++;
    return null;
  }

  /** The verdict once every entry passed. */
  intact(): AuditVerification {
    return { ok: true, entries: this.count, head: this.prev };
  }

  /**
   * The verdict once every entry passed, against the head anchor the back end keeps apart from the log (the last
   * entry's seq and hash): a log cut short at its end, or an anchor removed or edited, is broken.
   */
  intactUpTo(anchor: { seq: number; hash: string } | undefined): AuditVerification {
    const lastSeq = this.expectedSeq - 1;
    if ((anchor?.seq ?? 0) !== lastSeq || (anchor !== undefined && anchor.hash !== this.prev)) {
      const problem = anchor
        ? `the log ends at entry ${lastSeq} but its head anchor records entry ${anchor.seq} (entries removed from the end, or the anchor edited)`
        : `the log has ${lastSeq} entries but no head anchor (removed)`;
      return { ok: false, entries: this.count, firstBroken: { seq: Math.min(lastSeq, anchor?.seq ?? lastSeq) + 1, problem } };
    }
    return this.intact();
  }
}
