/**
 * What both decision stores (SQLite and PostgreSQL) share: the row shape of a decision, its validation, and the
 * audit entries written with an add and a lift, so the two back ends record and audit decisions identically.
 */
import { randomUUID } from 'node:crypto';
import { isAction, type Action, type ActionParams, type ActiveDecision, type DecisionTarget } from '../decide/actions.js';
import type { AuditInput } from './audit.js';

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

export interface ListOptions {
  /** Only decisions active at this instant (not lifted, not expired). */
  activeAt?: number;
  target?: DecisionTarget;
}

export interface LiftInput {
  actor: string;
  reason?: string;
  now?: number;
}

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

/** Column order of the decisions table on both back ends. */
export const DECISION_COLUMNS = [
  'id', 'target_kind', 'target_id', 'action', 'params', 'reason', 'evidence', 'source', 'rule', 'actor',
  'created_at', 'expires_at', 'lifted_at', 'lifted_by', 'lift_reason', 'seq',
] as const satisfies readonly (keyof DecisionRow)[];

export function decisionFromRow(r: DecisionRow): StoredDecision {
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

/** Validates a new decision and builds its row (with a fresh id) at change number `seq`. */
export function newDecisionRow(input: NewDecision, seq: number): DecisionRow {
  if (!isAction(input.action)) throw new Error(`unknown action "${String(input.action)}"`);
  if (!input.target.id) throw new Error('a decision needs a target id');
  if (input.ttlMs != null && !(input.ttlMs > 0)) throw new Error('ttl must be positive');
  const now = input.now ?? Date.now();
  return {
    id: `d_${randomUUID()}`,
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
}

/** Checks a new decision without building it (so a store can refuse before it opens a transaction). */
export function validateNewDecision(input: NewDecision): void {
  newDecisionRow(input, 0);
}

/** The audit entry that goes with an added decision. */
export function auditOfAdd(decision: StoredDecision): AuditInput {
  return {
    kind: 'decision.add',
    actor: decision.actor,
    subject: `${decision.target.kind}:${decision.target.id}`,
    ts: new Date(decision.createdAt).toISOString(),
    data: {
      decision: decision.id,
      action: decision.action,
      params: decision.params,
      reason: decision.reason,
      evidence: decision.evidence,
      source: decision.source,
      rule: decision.rule,
      expires_at: decision.expiresAt === null ? null : new Date(decision.expiresAt).toISOString(),
    },
  };
}

/** The audit entry that goes with a lift. */
export function auditOfLift(current: StoredDecision, by: LiftInput, now: number): AuditInput {
  return {
    kind: 'decision.lift',
    actor: by.actor,
    subject: `${current.target.kind}:${current.target.id}`,
    ts: new Date(now).toISOString(),
    data: { decision: current.id, action: current.action, reason: by.reason ?? null },
  };
}

/** WHERE clause and arguments of a list query; `param(i)` writes the i-th placeholder (`?` or `$i`). */
export function listFilter(options: ListOptions, param: (i: number) => string): { where: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const next = (v: string | number) => {
    args.push(v);
    return param(args.length);
  };
  if (options.activeAt !== undefined) {
    const t = options.activeAt;
    where.push(`created_at <= ${next(t)} AND (lifted_at IS NULL OR lifted_at > ${next(t)}) AND (expires_at IS NULL OR expires_at > ${next(t)})`);
  }
  if (options.target) where.push(`target_kind = ${next(options.target.kind)} AND target_id = ${next(options.target.id)}`);
  return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
}
