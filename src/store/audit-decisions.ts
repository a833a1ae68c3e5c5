/**
 * Checks the decisions table against the audit log: every decision row must match the `decision.add` entry written
 * with it (target, action, parameters, reason, evidence, source, rule, creation and expiry), a lifted decision its
 * `decision.lift` entry, and every audited decision must still have its row. So a decision edited, deleted or
 * quietly lifted in the database, without going through the audited path, is found by `audit verify`.
 */
import { AuditLog, type AuditEntry } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import type { SqliteDatabase } from './database.js';
import type { DecisionRow } from './decision-rows.js';

export type DecisionsVerification = { ok: true; decisions: number } | { ok: false; decisions: number; problems: string[] };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function addMismatch(row: DecisionRow, entry: AuditEntry): string | null {
  let params: unknown;
  try {
    params = JSON.parse(row.params);
  } catch {
    return 'its params are not valid JSON';
  }
  const d = entry.data;
  const checks: [string, unknown, unknown][] = [
    ['target', `${row.target_kind}:${row.target_id}`, entry.subject],
    ['action', row.action, d.action],
    ['params', params, d.params],
    ['reason', row.reason, d.reason],
    ['evidence', row.evidence, d.evidence],
    ['source', row.source, d.source],
    ['rule', row.rule, d.rule],
    ['creation time', iso(row.created_at), entry.ts],
    ['expiry', iso(row.expires_at), d.expires_at],
  ];
  const differs = checks.filter(([, a, b]) => !same(a, b)).map(([name]) => name);
  return differs.length > 0 ? `its ${differs.join(', ')} differ from audit entry ${entry.seq}` : null;
}

function liftMismatch(row: DecisionRow, entry: AuditEntry | undefined): string | null {
  if (row.lifted_at === null) return entry ? `it is active but audit entry ${entry.seq} lifted it` : null;
  if (!entry) return 'it is lifted but no audit entry records the lift';
  const differs: string[] = [];
  if (iso(row.lifted_at) !== entry.ts) differs.push('lift time');
  if (row.lifted_by !== entry.actor) differs.push('lifted by');
  if (!same(row.lift_reason, entry.data.reason)) differs.push('lift reason');
  return differs.length > 0 ? `its ${differs.join(', ')} differ from audit entry ${entry.seq}` : null;
}

/** Compares every decision row with its audit entries; lists each decision that does not match. */
export function verifyDecisionsAudit(db: SqliteDatabase): DecisionsVerification {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'").get() !== undefined;
  if (!hasTable) return { ok: true, decisions: 0 };
  const adds = new Map<string, AuditEntry>();
  const lifts = new Map<string, AuditEntry>();
  for (const entry of new AuditLog(db).entries()) {
    const id = entry.data.decision;
    if (typeof id !== 'string') continue;
    if (entry.kind === 'decision.add') adds.set(id, entry);
    else if (entry.kind === 'decision.lift') lifts.set(id, entry);
  }
  const problems: string[] = [];
  let decisions = 0;
  for (const row of db.prepare('SELECT * FROM decisions ORDER BY seq').iterate() as Iterable<DecisionRow>) {
    decisions++;
    const add = adds.get(row.id);
    adds.delete(row.id);
    const problem = add ? (addMismatch(row, add) ?? liftMismatch(row, lifts.get(row.id))) : 'no audit entry records it (added outside the audited path)';
    if (problem) problems.push(`decision ${row.id}: ${problem}`);
  }
  for (const [id, entry] of adds) problems.push(`decision ${id}: recorded in audit entry ${entry.seq} but missing from the decisions table (deleted)`);
  return problems.length > 0 ? { ok: false, decisions, problems } : { ok: true, decisions };
}
