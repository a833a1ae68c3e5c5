/**
 * `case export` as a library call: the evidence of one case (an account, or a cluster and its members) in a
 * folder a third party can check: its recorded exchanges (optionally redacted), the decisions about it, the alerts
 * that named it, the audit-chain proof of those decisions, and a manifest with the SHA-256 of every file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { AlertEvent } from '../../alerts/alert-event.js';
import type { AuditEntry } from '../../store/audit.js';
import { GENESIS_HASH } from '../../store/audit-chain.js';
import type { DecisionRecords } from '../../store/decision-records.js';
import type { Store } from '../../store/store.js';
import { CASE_FILES, MANIFEST_FILE, type AuditProof, type CaseManifest, type CaseTarget } from './case-files.js';
import { redactExchange } from './redact.js';

export interface CaseExportInput {
  target: CaseTarget;
  /** The accounts whose exchanges belong to the case (the account itself, or the cluster's members). */
  accounts: readonly string[];
  store: Pick<Store, 'exchanges'>;
  decisions: DecisionRecords;
  /** The JSON-lines alert file (`alerts.file`), when one is kept. */
  alertsFile?: string;
  redact: boolean;
  out: string;
  now: number;
  onProgress?: (exchanges: number) => void;
}

export interface CaseExport {
  /** SHA-256 of manifest.json: give it to the recipient apart from the bundle. */
  manifestSha256: string;
  exchanges: number;
  decisions: number;
  alerts: number;
  auditEntries: number;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The alert events of the file that name the case's cluster or any of its accounts; unreadable lines are skipped. */
function caseAlerts(file: string | undefined, target: CaseTarget, accounts: ReadonlySet<string>): AlertEvent[] {
  if (!file || !existsSync(file)) return [];
  const out: AlertEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let event: AlertEvent;
    try {
      event = JSON.parse(line) as AlertEvent;
    } catch {
      continue;
    }
    const named = (target.kind === 'cluster' && event.cluster === target.id) || (event.accounts ?? []).some((a) => accounts.has(a));
    if (named) out.push(event);
  }
  return out;
}

/** The audit entries from the first one about the case to the head, and the head; throws when the chain is broken. */
async function auditProof(decisions: DecisionRecords, subjects: ReadonlySet<string>): Promise<AuditProof> {
  const verification = await decisions.verifyAudit();
  if (!verification.ok)
    throw new Error(`the audit log is broken at entry ${verification.firstBroken.seq} (${verification.firstBroken.problem}); run hydrawatch audit verify`);
  const entries: AuditEntry[] = [];
  const relevant: number[] = [];
  let last = { seq: 0, hash: GENESIS_HASH };
  for await (const entry of decisions.auditEntries()) {
    last = { seq: entry.seq, hash: entry.hash };
    if (subjects.has(entry.subject)) relevant.push(entry.seq);
    if (relevant.length > 0) entries.push(entry);
  }
  return { head: last, relevant, entries };
}

export async function exportCase(i: CaseExportInput): Promise<CaseExport> {
  mkdirSync(i.out, { recursive: true });
  const accounts = new Set(i.accounts);
  const subjects = new Set([`${i.target.kind}:${i.target.id}`, ...[...accounts].map((a) => `account:${a}`)]);

  const exchangesOut = createWriteStream(join(i.out, CASE_FILES.exchanges));
  let exchanges = 0;
  for await (const ex of i.store.exchanges()) {
    if (!accounts.has(ex.account)) continue;
    if (!exchangesOut.write(`${JSON.stringify(i.redact ? redactExchange(ex) : ex)}\n`)) await once(exchangesOut, 'drain');
    if (++exchanges % 10_000 === 0) i.onProgress?.(exchanges);
  }
  exchangesOut.end();
  await once(exchangesOut, 'finish');

  const decisions = (await i.decisions.list()).filter((d) => subjects.has(`${d.target.kind}:${d.target.id}`)).reverse();
  const alerts = caseAlerts(i.alertsFile, i.target, accounts);
  const proof = await auditProof(i.decisions, subjects);
  const json = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;
  writeFileSync(join(i.out, CASE_FILES.decisions), json(decisions));
  writeFileSync(join(i.out, CASE_FILES.alerts), alerts.map((a) => `${JSON.stringify(a)}\n`).join(''));
  writeFileSync(join(i.out, CASE_FILES.audit), json(proof));
  writeFileSync(
    join(i.out, CASE_FILES.case),
    json({
      version: 1,
      target: i.target,
      accounts: [...accounts].sort(),
      redacted: i.redact,
      exported_at: new Date(i.now).toISOString(),
      counts: { exchanges, decisions: decisions.length, alerts: alerts.length, audit_entries: proof.entries.length },
    }),
  );
  const manifest: CaseManifest = {
    version: 1,
    created: new Date(i.now).toISOString(),
    files: Object.fromEntries(Object.values(CASE_FILES).map((f) => [f, sha256(readFileSync(join(i.out, f)))])),
  };
  const manifestText = json(manifest);
  writeFileSync(join(i.out, MANIFEST_FILE), manifestText);
  return { manifestSha256: sha256(manifestText), exchanges, decisions: decisions.length, alerts: alerts.length, auditEntries: proof.entries.length };
}
