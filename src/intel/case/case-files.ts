/**
 * The layout of a case evidence bundle (a folder): what the case is, its exchanges, decisions and alerts, the
 * audit-chain proof, and a manifest with the SHA-256 of every other file. `case export` writes it, `case verify`
 * checks it.
 */
import { z } from 'zod';

export const CASE_FILES = {
  case: 'case.json',
  exchanges: 'exchanges.jsonl',
  decisions: 'decisions.json',
  alerts: 'alerts.jsonl',
  audit: 'audit-proof.json',
} as const;
export const MANIFEST_FILE = 'manifest.json';

export const manifestSchema = z.strictObject({
  version: z.literal(1),
  created: z.string(),
  /** File name -> SHA-256 (hex) of its bytes. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type CaseManifest = z.infer<typeof manifestSchema>;

const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  ts: z.string(),
  kind: z.string(),
  actor: z.string(),
  subject: z.string(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

/**
 * The audit-chain proof: every entry from the case's first one to the chain head, in full (each hash covers the
 * entry's content, so a recipient can only recompute them with it), and the head they must arrive at.
 */
export const auditProofSchema = z.strictObject({
  head: z.strictObject({ seq: z.number().int().nonnegative(), hash: z.string() }),
  /** Seq numbers of the entries about this case. */
  relevant: z.array(z.number().int().positive()),
  entries: z.array(auditEntrySchema),
});
export type AuditProof = z.infer<typeof auditProofSchema>;

export interface CaseTarget {
  kind: 'account' | 'cluster';
  id: string;
}
