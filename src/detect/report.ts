/** The scan report of docs/formats.md, scan report, as a zod schema (read by `eval`) and its types. */
import { z } from 'zod';

export const VERDICTS = ['distillation', 'suspicious', 'benign'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const reasonSchema = z.looseObject({
  signal: z.string(),
  weight: z.number(),
  detail: z.string(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const accountReportSchema = z.looseObject({
  id: z.string(),
  verdict: z.enum(VERDICTS),
  score: z.number().min(0).max(1),
  cluster: z.string().nullable(),
  exchanges: z.number().int().nonnegative(),
  first_flagged_at: z.string().nullable(),
  flagged_after_exchanges: z.number().int().nullable(),
  reasons: z.array(reasonSchema),
});
export type AccountReport = z.infer<typeof accountReportSchema>;

export const clusterReportSchema = z.looseObject({
  id: z.string(),
  verdict: z.enum(VERDICTS),
  score: z.number().min(0).max(1),
  accounts: z.array(z.string()),
  exchanges: z.number().int().nonnegative(),
  first_seen: z.string(),
  last_seen: z.string(),
  capabilities: z.array(z.string()),
  links: z.array(z.looseObject({ kind: z.string(), accounts: z.number().int() })),
  evidence: z.array(z.string()),
});
export type ClusterReport = z.infer<typeof clusterReportSchema>;

export const alertSchema = z.looseObject({
  kind: z.string(),
  ts: z.string(),
  model: z.string().optional(),
  cluster: z.string().nullable().optional(),
  /** the accounts the alert is about, as the cluster stood when it was raised (cluster ids follow membership) */
  accounts: z.array(z.string()).optional(),
  detail: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const scanReportSchema = z.looseObject({
  version: z.literal(1),
  generated_at: z.string(),
  input: z.looseObject({
    exchanges: z.number().int().nonnegative(),
    accounts: z.number().int().nonnegative(),
    bad_lines: z.number().int().nonnegative(),
  }),
  accounts: z.array(accountReportSchema),
  clusters: z.array(clusterReportSchema),
  alerts: z.array(alertSchema),
});
export type ScanReport = z.infer<typeof scanReportSchema>;

/** Account entries in report order, each built when it is read (`AccountEntries`). */
export interface ReportAccounts extends Iterable<AccountReport> {
  readonly length: number;
  /** How many entries have `verdict`, without building them. */
  count(verdict: Verdict): number;
  toArray(): AccountReport[];
}

/** The scan report with its account entries built as they are read (`DetectionEngine.streamedReport`). */
export interface StreamedScanReport {
  version: 1;
  generated_at: string;
  input: ScanReport['input'];
  accounts: ReportAccounts;
  clusters: ClusterReport[];
  alerts: Alert[];
}
