/**
 * `eval` as a library call: reads a simulator output directory (labels, releases, the log), takes a scan report
 * (given, or produced by the caller's scanner) and returns the metrics of `metrics.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { releaseSchema, type Release } from '../../exchange/account.js';
import { scanReportSchema, type ScanReport } from '../../detect/report.js';
import { readJsonlRecords } from '../../ingest/jsonl-file.js';
import { accountLogStats } from './log-stats.js';
import { computeMetrics, type EvalMetrics, type TruthLabel } from './metrics.js';

export const labelSchema = z.looseObject({
  account: z.string().min(1),
  label: z.enum(['distillation', 'benign']),
  campaign: z.string().nullable(),
  segment: z.string(),
});

export interface SimDirFiles {
  exchanges: string;
  accounts: string;
  releases: string;
  labels: string;
}

/** The four files of a simulator output directory; throws naming the first one missing. */
export function simDirFiles(dir: string): SimDirFiles {
  const files = {
    exchanges: join(dir, 'exchanges.jsonl'),
    accounts: join(dir, 'accounts.jsonl'),
    releases: join(dir, 'releases.jsonl'),
    labels: join(dir, 'labels.jsonl'),
  };
  if (!existsSync(files.exchanges) && existsSync(`${files.exchanges}.gz`)) files.exchanges = `${files.exchanges}.gz`;
  for (const [name, path] of Object.entries(files)) if (name !== 'accounts' && !existsSync(path)) throw new Error(`${dir}: missing ${name} file ${path}`);
  return files;
}

/** Reads and validates a scan report file (docs/formats.md, scan report). */
export function readReport(path: string): ScanReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not a JSON report (${(err as Error).message})`);
  }
  const parsed = scanReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || 'report'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function evaluateDir(dir: string, report: ScanReport): Promise<EvalMetrics> {
  const files = simDirFiles(dir);
  const bad = (what: string) => (b: { line: number; error: string }) => {
    throw new Error(`${what} line ${b.line}: ${b.error}`);
  };
  const labels = (await readJsonlRecords(files.labels, labelSchema, bad(files.labels))) as TruthLabel[];
  const releases: Release[] = await readJsonlRecords(files.releases, releaseSchema, bad(files.releases));
  const flagAt = new Map<string, number>();
  for (const a of report.accounts) if (a.first_flagged_at) flagAt.set(a.id, Date.parse(a.first_flagged_at));
  const campaignAccounts = new Set(labels.filter((l) => l.label === 'distillation').map((l) => l.account));
  const released = releases.map((r) => ({ model: r.model, at: Date.parse(r.released) })).filter((r) => Number.isFinite(r.at));
  const stats = await accountLogStats(files.exchanges, (id) => (campaignAccounts.has(id) ? flagAt.get(id) ?? null : null), released);
  return computeMetrics(labels, stats, report, releases);
}
