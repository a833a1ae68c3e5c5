/**
 * Enforcement decisions and the hash-chained audit log on PostgreSQL: the same rows, change counter and chain as
 * on SQLite (`DecisionStore`, `AuditLog`), each decision written in one transaction with its audit entry. Writers
 * on every gateway and worker take one advisory lock, so the change counter and the chain advance one at a time.
 */
import type { AuditEntry, AuditInput, AuditVerification } from './audit.js';
import { AuditChainCheck, nextAuditEntry, type StoredAuditRow } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
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
import { inPgTransaction, migratePg, PG_LOCKS, type PgClient, type PgPool } from './pg-database.js';
import { PG_AUDIT_MIGRATIONS, PG_DECISIONS_MIGRATIONS } from './pg-migrations.js';

/** Rows read per round trip when walking the audit log. */
const AUDIT_PAGE = 1000;

export class PgDecisionStore implements DecisionRecords {
  private constructor(private readonly pool: PgPool) {}

  /** Applies the decisions and audit migrations on `pool` (a PgStore's pool can be shared). */
  static async open(pool: PgPool): Promise<PgDecisionStore> {
    await migratePg(pool, 'decisions', PG_DECISIONS_MIGRATIONS);
    await migratePg(pool, 'audit', PG_AUDIT_MIGRATIONS);
    return new PgDecisionStore(pool);
  }

  private async nextSeq(client: PgClient): Promise<number> {
    const { rows } = await client.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM decisions');
    return rows[0]!.seq + 1;
  }

  private static async appendAudit(client: PgClient, input: AuditInput): Promise<AuditEntry> {
    const { rows } = await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const e = nextAuditEntry(rows[0], input);
    await client.query(
      'INSERT INTO audit_log (seq, ts, kind, actor, subject, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.seq, e.ts, e.kind, e.actor, e.subject, canonicalJson(e.data), e.prevHash, e.hash],
    );
    await client.query(
      'INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash',
      [e.seq, e.hash],
    );
    return e;
  }

  /** Runs `fn` in a transaction holding the ledger lock (decisions and audit entries). */
  private ledger<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    return inPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCKS.ledger]);
      return fn(client);
    });
  }

  async add(input: NewDecision): Promise<StoredDecision> {
    validateNewDecision(input);
    return this.ledger(async (client) => {
      const row = newDecisionRow(input, await this.nextSeq(client));
      await client.query(
        `INSERT INTO decisions (${DECISION_COLUMNS.join(', ')}) VALUES (${DECISION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        DECISION_COLUMNS.map((c) => row[c]),
      );
      const decision = decisionFromRow(row);
      await PgDecisionStore.appendAudit(client, auditOfAdd(decision));
      return decision;
    });
  }

  /** Appends an audit entry on its own (e.g. an account import), under the ledger lock. */
  async appendAudit(input: AuditInput): Promise<AuditEntry> {
    return this.ledger((client) => PgDecisionStore.appendAudit(client, input));
  }

  async get(id: string): Promise<StoredDecision | null> {
    const { rows } = await this.pool.query<DecisionRow>('SELECT * FROM decisions WHERE id = $1', [id]);
    return rows[0] ? decisionFromRow(rows[0]) : null;
  }

  async lift(id: string, by: LiftInput): Promise<StoredDecision | null> {
    const now = by.now ?? Date.now();
    return this.ledger(async (client) => {
      const { rows } = await client.query<DecisionRow>('SELECT * FROM decisions WHERE id = $1', [id]);
      const current = rows[0] ? decisionFromRow(rows[0]) : null;
      if (!current || current.liftedAt !== null) return null;
      const seq = await this.nextSeq(client);
      const updated = await client.query<DecisionRow>(
        'UPDATE decisions SET lifted_at = $1, lifted_by = $2, lift_reason = $3, seq = $4 WHERE id = $5 RETURNING *',
        [now, by.actor, by.reason ?? null, seq, id],
      );
      await PgDecisionStore.appendAudit(client, auditOfLift(current, by, now));
      return decisionFromRow(updated.rows[0]!);
    });
  }

  async list(options: ListOptions = {}): Promise<StoredDecision[]> {
    const { where, args } = listFilter(options, (i) => `$${i}`);
    const { rows } = await this.pool.query<DecisionRow>(`SELECT * FROM decisions${where} ORDER BY created_at DESC, seq DESC`, args);
    return rows.map(decisionFromRow);
  }

  activeAt(ts: number): Promise<StoredDecision[]> {
    return this.list({ activeAt: ts });
  }

  async changeSeq(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM decisions');
    return rows[0]!.seq;
  }

  async changesSince(seq: number): Promise<DecisionChanges> {
    const { rows } = await this.pool.query<DecisionRow>('SELECT * FROM decisions WHERE seq > $1 ORDER BY seq', [seq]);
    return {
      seq: rows.length ? rows[rows.length - 1]!.seq : seq,
      decisions: rows.map((r) => {
        const d = decisionFromRow(r);
        return { ...d, lifted: d.liftedAt !== null };
      }),
    };
  }

  private async *auditRows(): AsyncGenerator<StoredAuditRow> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<StoredAuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [
        after,
        AUDIT_PAGE,
      ]);
      yield* rows;
      if (rows.length < AUDIT_PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async *auditEntries(): AsyncGenerator<AuditEntry> {
    for await (const r of this.auditRows()) {
      yield { seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: JSON.parse(r.data) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash };
    }
  }

  /** Not compared on PostgreSQL yet (the SQLite back end does): see docs/scale-out.md. */
  verifyDecisionRows(): null {
    return null;
  }

  async verifyAudit(): Promise<AuditVerification> {
    const check = new AuditChainCheck();
    for await (const r of this.auditRows()) {
      const broken = check.next(r);
      if (broken) return broken;
    }
    const { rows } = await this.pool.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    return check.intactUpTo(rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined);
  }
}
