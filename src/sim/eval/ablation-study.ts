/**
 * The ablation table of `eval --ablate`: the same simulator output scanned with full evidence, with each requested
 * kind of evidence removed (`ablate.ts`), and with per-account scoring alone (no cluster layer) as the floor that
 * no ablation should fall below. Recall, false-positive rate, worst benign segment and leakage, overall and per
 * campaign.
 */
import type { EvalItemRegistry } from '../../signals/eval-items.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLog } from '../../detect/scan.js';
import { ablateInputs, type Ablation } from './ablate.js';
import { evaluateDir, simDirFiles } from './evaluate.js';
import type { EvalMetrics } from './metrics.js';
import { grid, pct } from './table.js';

export interface CampaignFigures {
  archetype: string;
  recall: number | null;
  leakage: number | null;
}

export interface AblationRow {
  /** `full`, `no-<kind>[+<kind>]`, or `per-account` (the floor). */
  variant: string;
  removed: Ablation[];
  clusters: boolean;
  recall: number | null;
  fpr: number | null;
  leakage: number | null;
  worst_segment: { segment: string; fpr: number; flagged: number; accounts: number } | null;
  campaigns: Record<string, CampaignFigures>;
}

export interface AblationStudy {
  dir: string;
  rows: AblationRow[];
}

/** The study with each row's full metrics (same order as `rows`), for callers that need more than the table. */
export interface AblationStudyWithMetrics extends AblationStudy {
  metrics: EvalMetrics[];
}

/** The benign segment with the highest flagged rate (ties: the larger segment). */
export function worstSegment(m: EvalMetrics): AblationRow['worst_segment'] {
  let worst: AblationRow['worst_segment'] = null;
  for (const [segment, s] of Object.entries(m.segments)) {
    const fpr = s.fpr ?? 0;
    if (!worst || fpr > worst.fpr || (fpr === worst.fpr && s.accounts > worst.accounts)) worst = { segment, fpr, flagged: s.flagged, accounts: s.accounts };
  }
  return worst;
}

export function rowFromMetrics(variant: string, removed: Ablation[], clusters: boolean, m: EvalMetrics): AblationRow {
  const campaigns: Record<string, CampaignFigures> = {};
  for (const [id, c] of Object.entries(m.campaigns)) campaigns[id] = { archetype: c.archetype, recall: c.recall, leakage: c.leakage };
  return { variant, removed, clusters, recall: m.recall, fpr: m.fpr, leakage: m.leakage, worst_segment: worstSegment(m), campaigns };
}

export interface AblationOptions {
  /** Variants to run, each a set of evidence kinds removed together. */
  variants: Ablation[][];
  /** Also scan with per-account scoring alone (default true). */
  floor?: boolean;
  /** Metrics already computed on the full evidence (skips that scan). */
  full?: EvalMetrics;
  /** false leaves the full-evidence row out (default true). */
  includeFull?: boolean;
  /** false scans every variant with per-account scoring alone (the floor of each ablation; default true). */
  clusters?: boolean;
  /** Called before each scan with the variant's name. */
  onVariant?: (variant: string) => void;
  /** Registered benchmark items, given to every scan. */
  evalItems?: EvalItemRegistry;
}

export async function ablationStudy(dir: string, opts: AblationOptions): Promise<AblationStudyWithMetrics> {
  const files = simDirFiles(dir);
  const work = mkdtempSync(join(tmpdir(), 'hw-ablate-'));
  const rows: AblationRow[] = [];
  const metrics: EvalMetrics[] = [];
  const add = (variant: string, removed: Ablation[], clusters: boolean, m: EvalMetrics) => {
    rows.push(rowFromMetrics(variant, removed, clusters, m));
    metrics.push(m);
  };
  try {
    const scan = async (variant: string, removed: Ablation[], clusters: boolean): Promise<void> => {
      opts.onVariant?.(variant);
      const inputs = removed.length > 0 ? await ablateInputs(files, removed, join(work, variant)) : { exchanges: files.exchanges, accounts: existsSync(files.accounts) ? files.accounts : undefined };
      const report = await scanLog({ log: inputs.exchanges, accounts: inputs.accounts, releases: files.releases, clusters, evalItems: opts.evalItems });
      add(variant, removed, clusters, await evaluateDir(dir, report));
      rmSync(join(work, variant), { recursive: true, force: true });
    };
    const clusters = opts.clusters ?? true;
    const suffix = clusters ? '' : ' (per-account)';
    if (opts.full) add('full', [], true, opts.full);
    else if (opts.includeFull ?? true) await scan(`full${suffix}`, [], clusters);
    for (const removed of opts.variants) await scan(`no-${removed.join('+')}${suffix}`, removed, clusters);
    if ((opts.floor ?? true) && clusters) await scan('per-account', [], false);
    return { dir, rows, metrics };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}


/** Rows: variants; columns: overall recall, FPR, worst segment, leakage, then recall / leakage per campaign. */
export function formatAblationTable(study: AblationStudy): string {
  const ids = [...new Set(study.rows.flatMap((r) => Object.keys(r.campaigns)))].sort();
  const head = ['evidence', 'recall', 'FPR', 'worst segment', 'leakage', ...ids.map((id) => `${id} R/leak`)];
  const body = study.rows.map((r) => [
    r.variant,
    pct(r.recall),
    pct(r.fpr),
    r.worst_segment ? `${r.worst_segment.segment} ${r.worst_segment.flagged}/${r.worst_segment.accounts}` : '-',
    pct(r.leakage),
    ...ids.map((id) => (r.campaigns[id] ? `${pct(r.campaigns[id].recall)}/${pct(r.campaigns[id].leakage)}` : '-')),
  ]);
  return `${grid([head, ...body])}\n`;
}
