/**
 * Enforcement decisions, from analysts (CLI, admin API) and from the policy (automatic): add, list, lift, and the
 * set active at an instant, with TTL expiry. Every add and lift is written to the audit log in the same
 * transaction. A change counter (`seq`) lets a running gateway's cache pick up changes made by other processes
 * with one cheap query.
 */
import type { DecisionChangeSource } from '../decide/active-cache.js';
import { AuditLog, type AuditVerification } from './audit.js';
import { migrate, type SqliteDatabase } from './database.js';
import { verifyDecisionsAudit, type DecisionsVerification } from './audit-decisions.js';
import type { DecisionChanges, DecisionRecords } from './decision-records.js';
import {
  auditOfAdd,
  auditOfLift,
  DECISION_COLUMNS,
  decisionFromRow,
  listFilter,
  newDecisionRow,
  validateNewDecision,
  type DecisionRow,
  type LiftInput,
  type ListOptions,
  type NewDecision,
  type StoredDecision,
} from './decision-rows.js';

export type { ListOptions, NewDecision, StoredDecision } from './decision-rows.js';

export const DECISIONS_MODULE = 'decisions';
export const DECISIONS_MIGRATIONS = [
  `CREATE TABLE decisions (
     id TEXT PRIMARY KEY, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, action TEXT NOT NULL,
     params TEXT NOT NULL, reason TEXT NOT NULL, evidence TEXT, source TEXT NOT NULL, rule TEXT, actor TEXT NOT NULL,
     created_at INTEGER NOT NULL, expires_at INTEGER, lifted_at INTEGER, lifted_by TEXT, lift_reason TEXT,
     seq INTEGER NOT NULL);
   CREATE INDEX decisions_target ON decisions(target_kind, target_id);
   CREATE UNIQUE INDEX decisions_seq ON decisions(seq);`,
];

export class DecisionStore implements DecisionChangeSource, DecisionRecords {
  readonly audit: AuditLog;
  private readonly maxSeq;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, DECISIONS_MODULE, DECISIONS_MIGRATIONS);
    this.audit = new AuditLog(db);
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM decisions').pluck();
  }

  /** Records a decision and its audit entry atomically. */
  add(input: NewDecision): StoredDecision {
    validateNewDecision(input);
    return this.db
      .transaction((): StoredDecision => {
        const row = newDecisionRow(input, (this.maxSeq.get() as number) + 1);
        this.db.prepare(`INSERT INTO decisions VALUES (${DECISION_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(row);
        const decision = decisionFromRow(row);
        this.audit.append(auditOfAdd(decision));
        return decision;
      })
      .immediate();
  }

  get(id: string): StoredDecision | null {
    const row = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    return row ? decisionFromRow(row) : null;
  }

  /** Lifts an active decision; returns it, or null when there is no such active decision. */
  lift(id: string, by: LiftInput): StoredDecision | null {
    const now = by.now ?? Date.now();
    return this.db
      .transaction((): StoredDecision | null => {
        const current = this.get(id);
        if (!current || current.liftedAt !== null) return null;
        const seq = (this.maxSeq.get() as number) + 1;
        this.db
          .prepare('UPDATE decisions SET lifted_at = ?, lifted_by = ?, lift_reason = ?, seq = ? WHERE id = ?')
          .run(now, by.actor, by.reason ?? null, seq, id);
        this.audit.append(auditOfLift(current, by, now));
        return this.get(id);
      })
      .immediate();
  }

  /** Decisions, newest first; with `activeAt`, only those in force then. */
  list(options: ListOptions = {}): StoredDecision[] {
    const { where, args } = listFilter(options, () => '?');
    const sql = `SELECT * FROM decisions${where} ORDER BY created_at DESC, seq DESC`;
    return (this.db.prepare(sql).all(...args) as DecisionRow[]).map(decisionFromRow);
  }

  /** Decisions in force at `ts` (epoch ms). */
  activeAt(ts: number): StoredDecision[] {
    return this.list({ activeAt: ts });
  }

  changeSeq(): number {
    return this.maxSeq.get() as number;
  }

  changesSince(seq: number): DecisionChanges {
    const rows = this.db.prepare('SELECT * FROM decisions WHERE seq > ? ORDER BY seq').all(seq) as DecisionRow[];
    return {
      seq: rows.length ? rows[rows.length - 1]!.seq : seq,
      decisions: rows.map((r) => {
        const d = decisionFromRow(r);
        return { ...d, lifted: d.liftedAt !== null };
      }),
    };
  }

  verifyAudit(): AuditVerification {
    return this.audit.verify();
  }

  verifyDecisionRows(): DecisionsVerification {
    return verifyDecisionsAudit(this.db);
  }

  auditEntries() {
    return this.audit.entries();
  }
}
