/**
 * `case verify`: checks a case bundle without trusting the provider's database: every file against the manifest's
 * SHA-256 (nothing missing, nothing added), the audit-chain proof recomputed entry by entry up to its head, the
 * case's entries among them, and every decision in the bundle against the audit entries that recorded it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredDecision } from '../../store/decision-rows.js';
import { auditHash } from '../../store/audit-chain.js';
import { canonicalJson } from '../../store/canonical-json.js';
import { auditOfAdd, auditOfLift } from '../../store/decision-rows.js';
import type { AuditInput } from '../../store/audit.js';
import { auditProofSchema, CASE_FILES, MANIFEST_FILE, manifestSchema, type AuditProof } from './case-files.js';

export interface CaseVerification {
  ok: boolean;
  problems: string[];
  /** SHA-256 of manifest.json, to compare with the one the provider gave apart from the bundle. */
  manifestSha256: string | null;
  /** The audit-chain head the proof arrives at, to compare with the provider's published head. */
  head: AuditProof['head'] | null;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function readJson(dir: string, file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    problems.push(`${file}: cannot be read as JSON (${(err as Error).message})`);
    return undefined;
  }
}

function checkChain(proof: AuditProof, problems: string[]): void {
  let prev: { seq: number; hash: string } | null = null;
  for (const e of proof.entries) {
    if (prev && e.seq !== prev.seq + 1) problems.push(`audit entry ${e.seq}: expected entry ${prev.seq + 1} here (entries missing)`);
    if (prev && e.prevHash !== prev.hash) problems.push(`audit entry ${e.seq}: its previous-hash link does not match entry ${prev.seq}`);
    if (auditHash(e.prevHash, e) !== e.hash) problems.push(`audit entry ${e.seq}: its content does not match its hash (edited)`);
    prev = { seq: e.seq, hash: e.hash };
  }
  if (prev && (prev.seq !== proof.head.seq || prev.hash !== proof.head.hash))
    problems.push(`audit proof: its entries end at ${prev.seq} but its head is entry ${proof.head.seq} with another hash`);
  const seqs = new Set(proof.entries.map((e) => e.seq));
  for (const s of proof.relevant) if (!seqs.has(s)) problems.push(`audit proof: entry ${s} about the case is not in the proof`);
}

/** Each decision must match, field for field, the audit entry written with it (and its lift). */
function checkDecisions(decisions: StoredDecision[], proof: AuditProof, problems: string[]): void {
  const relevant = new Set(proof.relevant);
  const entryFor = (kind: string, id: string) => proof.entries.find((e) => e.kind === kind && e.data.decision === id && relevant.has(e.seq));
  const matches = (expected: AuditInput, e: NonNullable<ReturnType<typeof entryFor>>) =>
    canonicalJson({ ...expected, data: JSON.parse(canonicalJson(expected.data)) }) === canonicalJson({ kind: e.kind, actor: e.actor, subject: e.subject, ts: e.ts, data: e.data });
  for (const d of decisions) {
    const add = entryFor('decision.add', d.id);
    if (!add) problems.push(`decision ${d.id}: no audit entry in the proof records it`);
    else if (!matches(auditOfAdd(d), add)) problems.push(`decision ${d.id}: differs from audit entry ${add.seq} (altered)`);
    if (d.liftedAt === null) continue;
    const lift = entryFor('decision.lift', d.id);
    const expected = auditOfLift(d, { actor: d.liftedBy ?? '', ...(d.liftReason ? { reason: d.liftReason } : {}) }, d.liftedAt);
    if (!lift) problems.push(`decision ${d.id}: lifted, but no audit entry in the proof records the lift`);
    else if (!matches(expected, lift)) problems.push(`decision ${d.id}: its lift differs from audit entry ${lift.seq} (altered)`);
  }
}

export function verifyCase(dir: string): CaseVerification {
  const problems: string[] = [];
  let manifestBytes: Buffer;
  try {
    manifestBytes = readFileSync(join(dir, MANIFEST_FILE));
  } catch {
    return { ok: false, problems: [`${MANIFEST_FILE}: missing; not a case bundle`], manifestSha256: null, head: null };
  }
  const manifestSha256 = sha256(manifestBytes);
  const manifest = manifestSchema.safeParse(readJson(dir, MANIFEST_FILE, problems));
  if (!manifest.success) return { ok: false, problems: [...problems, `${MANIFEST_FILE}: not a case manifest`], manifestSha256, head: null };
  const present = new Set(readdirSync(dir).filter((f) => f !== MANIFEST_FILE));
  for (const [file, hash] of Object.entries(manifest.data.files)) {
    if (!present.delete(file)) problems.push(`${file}: missing`);
    else if (sha256(readFileSync(join(dir, file))) !== hash) problems.push(`${file}: altered (its SHA-256 differs from the manifest's)`);
  }
  for (const file of present) problems.push(`${file}: not in the manifest (added)`);
  for (const file of Object.values(CASE_FILES)) if (!(file in manifest.data.files)) problems.push(`${file}: the manifest does not list it`);

  const proof = auditProofSchema.safeParse(readJson(dir, CASE_FILES.audit, problems));
  if (!proof.success) {
    problems.push(`${CASE_FILES.audit}: not an audit proof`);
    return { ok: false, problems, manifestSha256, head: null };
  }
  checkChain(proof.data, problems);
  const decisions = readJson(dir, CASE_FILES.decisions, problems);
  if (Array.isArray(decisions)) checkDecisions(decisions as StoredDecision[], proof.data, problems);
  return { ok: problems.length === 0, problems, manifestSha256, head: proof.data.head };
}
