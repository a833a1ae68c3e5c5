/**
 * Enforcement decisions, from analysts (CLI, admin API) and from the policy (automatic): add, list, lift, and the
 * set active at an instant, with TTL expiry. Every add and lift is written to the audit log in the same
 * transaction. A change counter (`seq`) lets a running gateway's cache pick up changes made by other processes
 * with one cheap query.
 */
import { randomUUID } from 'node:crypto';
import {
  isAction,
  type Action,
  type ActionParams,
  type ActiveDecision,
  type DecisionTarget,
} from '../decide/actions.js';
import type { DecisionChangeSource } from '../decide/active-cache.js';
import { AuditLog } from './audit.js';
import { migrate, type SqliteDatabase } from './database.js';

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

export interface NewDecision {
  target: DecisionTarget;
  action: Action;
  params?: ActionParams;
  reason: string;
  evidence?: string | null;
  /** Time to live in ms; null or absent: until lifted. */
  ttlMs?: number | null;
  source?: 'analyst' | 'policy';
  rule?: string | null;
  /** Who made it (goes to the audit log): `cli`, `admin-api`, `policy:<rule>`, an analyst name. */
  actor: string;
  /** Epoch ms; defaults to now. */
  now?: number;
}

export interface StoredDecision extends ActiveDecision {
  actor: string;
  liftedAt: number | null;
  liftedBy: string | null;
  liftReason: string | null;
  seq: number;
}

/** A row of the decisions table as stored. */
export interface DecisionRow {
  id: string;
  target_kind: string;
  target_id: string;
  action: string;
  params: string;
  reason: string;
  evidence: string | null;
  source: string;
  rule: string | null;
  actor: string;
  created_at: number;
  expires_at: number | null;
  lifted_at: number | null;
  lifted_by: string | null;
  lift_reason: string | null;
  seq: number;
}

function fromRow(r: DecisionRow): StoredDecision {
  return {
    id: r.id,
    target: { kind: r.target_kind === 'cluster' ? 'cluster' : 'account', id: r.target_id },
    action: r.action as Action,
    params: JSON.parse(r.params) as ActionParams,
    reason: r.reason,
    evidence: r.evidence,
    source: r.source === 'policy' ? 'policy' : 'analyst',
    rule: r.rule,
    actor: r.actor,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    liftedAt: r.lifted_at,
    liftedBy: r.lifted_by,
    liftReason: r.lift_reason,
    seq: r.seq,
  };
}

export interface ListOptions {
  /** Only decisions active at this instant (not lifted, not expired). */
  activeAt?: number;
  target?: DecisionTarget;
}

export class DecisionStore implements DecisionChangeSource {
  readonly audit: AuditLog;
  private readonly maxSeq;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, DECISIONS_MODULE, DECISIONS_MIGRATIONS);
    this.audit = new AuditLog(db);
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM decisions').pluck();
  }

  /** Records a decision and its audit entry atomically. */
  add(input: NewDecision): StoredDecision {
    if (!isAction(input.action)) throw new Error(`unknown action "${String(input.action)}"`);
    if (!input.target.id) throw new Error('a decision needs a target id');
    if (input.ttlMs != null && !(input.ttlMs > 0)) throw new Error('ttl must be positive');
    const now = input.now ?? Date.now();
    const id = `d_${randomUUID()}`;
    return this.db
      .transaction((): StoredDecision => {
        const seq = (this.maxSeq.get() as number) + 1;
        const row: DecisionRow = {
          id,
          target_kind: input.target.kind,
          target_id: input.target.id,
          action: input.action,
          params: JSON.stringify(input.params ?? {}),
          reason: input.reason,
          evidence: input.evidence ?? null,
          source: input.source ?? 'analyst',
          rule: input.rule ?? null,
          actor: input.actor,
          created_at: now,
          expires_at: input.ttlMs == null ? null : now + input.ttlMs,
          lifted_at: null,
          lifted_by: null,
          lift_reason: null,
          seq,
        };
        this.db
          .prepare(
            `INSERT INTO decisions VALUES (@id, @target_kind, @target_id, @action, @params, @reason, @evidence, @source,
             @rule, @actor, @created_at, @expires_at, @lifted_at, @lifted_by, @lift_reason, @seq)`,
          )
          .run(row);
        const decision = fromRow(row);
        this.audit.append({
          kind: 'decision.add',
          actor: input.actor,
          subject: `${decision.target.kind}:${decision.target.id}`,
          ts: new Date(now).toISOString(),
          data: {
            decision: id,
            action: decision.action,
            params: decision.params,
            reason: decision.reason,
            evidence: decision.evidence,
            source: decision.source,
            rule: decision.rule,
            expires_at: decision.expiresAt === null ? null : new Date(decision.expiresAt).toISOString(),
          },
        });
        return decision;
      })
      .immediate();
  }

  get(id: string): StoredDecision | null {
    const row = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Lifts an active decision; returns it, or null when there is no such active decision. */
  lift(id: string, by: { actor: string; reason?: string; now?: number }): StoredDecision | null {
    const now = by.now ?? Date.now();
    return this.db
      .transaction((): StoredDecision | null => {
        const current = this.get(id);
        if (!current || current.liftedAt !== null) return null;
        const seq = (this.maxSeq.get() as number) + 1;
        this.db
          .prepare('UPDATE decisions SET lifted_at = ?, lifted_by = ?, lift_reason = ?, seq = ? WHERE id = ?')
          .run(now, by.actor, by.reason ?? null, seq, id);
        this.audit.append({
          kind: 'decision.lift',
          actor: by.actor,
          subject: `${current.target.kind}:${current.target.id}`,
          ts: new Date(now).toISOString(),
          data: { decision: id, action: current.action, reason: by.reason ?? null },
        });
        return this.get(id);
      })
      .immediate();
  }

  /** Decisions, newest first; with `activeAt`, only those in force then. */
  list(options: ListOptions = {}): StoredDecision[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.activeAt !== undefined) {
      where.push('created_at <= ? AND (lifted_at IS NULL OR lifted_at > ?) AND (expires_at IS NULL OR expires_at > ?)');
      args.push(options.activeAt, options.activeAt, options.activeAt);
    }
    if (options.target) {
      where.push('target_kind = ? AND target_id = ?');
      args.push(options.target.kind, options.target.id);
    }
    const sql = `SELECT * FROM decisions${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC`;
    return (this.db.prepare(sql).all(...args) as DecisionRow[]).map(fromRow);
  }

  /** Decisions in force at `ts` (epoch ms). */
  activeAt(ts: number): StoredDecision[] {
    return this.list({ activeAt: ts });
  }

  changeSeq(): number {
    return this.maxSeq.get() as number;
  }

  changesSince(seq: number): { seq: number; decisions: (ActiveDecision & { lifted: boolean })[] } {
    const rows = this.db.prepare('SELECT * FROM decisions WHERE seq > ? ORDER BY seq').all(seq) as DecisionRow[];
    return {
      seq: rows.length ? rows[rows.length - 1]!.seq : seq,
      decisions: rows.map((r) => {
        const d = fromRow(r);
        return { ...d, lifted: d.liftedAt !== null };
      }),
    };
  }
}
