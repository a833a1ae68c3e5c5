/**
 * The "Done when" figures of issue 13 as a function other scripts can call: on unseen randomised worlds (the
 * judging family) and on the independent traffic source, each scanned with payment data removed, the recall,
 * every benign segment's flagged rate, leakage and model-pivot alert latency, per source and per campaign; and the
 * ablation table (full evidence, each kind removed, per-account scoring alone) on the first judging world.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/sim/simulate.js';
import { loadCorpus } from '../../src/sim/text/corpus.js';
import { corporaDir } from '../../src/sim/corpora-path.js';
import { drawWorld, JUDGING_SEEDS, type WorldOptions } from '../../src/sim/worlds/world-family.js';
import { ABLATIONS } from '../../src/sim/eval/ablate.js';
import { ablationStudy, type AblationStudy } from '../../src/sim/eval/ablation-study.js';
import type { EvalMetrics } from '../../src/sim/eval/metrics.js';
import { generateIndependent } from '../independent/generate.js';
import { loadPromptSets } from '../independent/prompt-sets.js';

/** The goals of issue 13's "Done when". */
export const GOALS = { recall: 0.95, segmentFlagged: 0.01, leakage: 0.1, pivotHours: 2 } as const;

export interface CampaignLine {
  source: string;
  campaign: string;
  archetype: string;
  eligible: number;
  recall: number | null;
  leakage: number | null;
  /** null when the campaign never moved to a released model. */
  pivot_at: string | null;
  pivot_alert_latency_hours: number | null;
}

export interface SourceFigures {
  source: string;
  accounts: number;
  exchanges: number;
  recall: number | null;
  fpr: number | null;
  leakage: number | null;
  segments: Record<string, { accounts: number; flagged: number; rate: number }>;
  campaigns: CampaignLine[];
}

export interface GeneralizationResult {
  evidence: 'payment removed';
  sources: SourceFigures[];
  /** Summed over every source: the figures the goals are judged on. */
  overall: {
    recall: number | null;
    leakage: number | null;
    worst_segment: { segment: string; flagged: number; accounts: number; rate: number } | null;
    segments: Record<string, { accounts: number; flagged: number; rate: number }>;
    pivots: { moved: number; alerted: number; worst_latency_hours: number | null };
  };
  ablation: AblationStudy | null;
  skipped: string[];
}

export interface GeneralizationOptions {
  /** Judging-family world seeds (default JUDGING_SEEDS' first three). */
  seeds?: readonly number[];
  /** World size factor (default 1). */
  scale?: number;
  /** World draw options (leave-one-archetype-out passes `without` / `only`). */
  world?: Omit<WorldOptions, 'scale'>;
  /** Independent source seeds (default [2], an unseen draw); empty to skip it. */
  independentSeeds?: readonly number[];
  independentScale?: number;
  /** Run the ablation table on the first world (default true). */
  ablation?: boolean;
  /** Called before each long step. */
  onStep?: (what: string) => void;
}

function figuresOf(source: string, m: EvalMetrics): SourceFigures {
  const segments: SourceFigures['segments'] = {};
  for (const [name, s] of Object.entries(m.segments)) segments[name] = { accounts: s.accounts, flagged: s.flagged, rate: s.accounts > 0 ? s.flagged / s.accounts : 0 };
  const campaigns = Object.entries(m.campaigns).map(([campaign, c]) => ({
    source, campaign, archetype: c.archetype, eligible: c.eligible, recall: c.recall, leakage: c.leakage, pivot_at: c.pivot_at, pivot_alert_latency_hours: c.pivot_alert_latency_hours,
  }));
  return { source, accounts: m.accounts.total, exchanges: m.exchanges.total, recall: m.recall, fpr: m.fpr, leakage: m.leakage, segments, campaigns };
}

export function summarise(sources: SourceFigures[], totals: { eligible: number; caught: number; exchanges: number; leaked: number }): GeneralizationResult['overall'] {
  const segments: GeneralizationResult['overall']['segments'] = {};
  for (const s of sources)
    for (const [name, v] of Object.entries(s.segments)) {
      const agg = (segments[name] ??= { accounts: 0, flagged: 0, rate: 0 });
      agg.accounts += v.accounts;
      agg.flagged += v.flagged;
      agg.rate = agg.flagged / agg.accounts;
    }
  let worst: GeneralizationResult['overall']['worst_segment'] = null;
  for (const [segment, v] of Object.entries(segments)) if (!worst || v.rate > worst.rate || (v.rate === worst.rate && v.accounts > worst.accounts)) worst = { segment, ...v };
  const moved = sources.flatMap((s) => s.campaigns).filter((c) => c.pivot_at !== null);
  const alerted = moved.filter((c) => c.pivot_alert_latency_hours !== null);
  return {
    recall: totals.eligible > 0 ? totals.caught / totals.eligible : null,
    leakage: totals.exchanges > 0 ? totals.leaked / totals.exchanges : null,
    worst_segment: worst,
    segments,
    pivots: { moved: moved.length, alerted: alerted.length, worst_latency_hours: alerted.length ? Math.max(...alerted.map((c) => c.pivot_alert_latency_hours!)) : null },
  };
}

export async function runGeneralization(opts: GeneralizationOptions = {}): Promise<GeneralizationResult> {
  const seeds = opts.seeds ?? JUDGING_SEEDS.slice(0, 3);
  const work = mkdtempSync(join(tmpdir(), 'hw-generalization-'));
  const sources: SourceFigures[] = [];
  const skipped: string[] = [];
  const totals = { eligible: 0, caught: 0, exchanges: 0, leaked: 0 };
  let ablation: AblationStudy | null = null;
  const corpora = corporaDir();
  const corpus = corpora ? loadCorpus(corpora) : undefined;
  const account = (m: EvalMetrics) => {
    for (const c of Object.values(m.campaigns)) {
      totals.eligible += c.eligible;
      totals.caught += Math.round((c.recall ?? 0) * c.eligible);
      totals.exchanges += c.exchanges;
      totals.leaked += c.leaked_exchanges;
    }
  };
  // Payment removed; with the ablation wanted, the first world also gets every other row of the table.
  const measure = async (source: string, dir: string, withTable: boolean) => {
    opts.onStep?.(`scan ${source}`);
    const study = await ablationStudy(dir, withTable ? { variants: ABLATIONS.map((k) => [k]), floor: true, onVariant: (v) => opts.onStep?.(`scan ${source} ${v}`) } : { variants: [['payment']], floor: false, includeFull: false });
    const at = study.rows.findIndex((r) => r.variant === 'no-payment');
    const m = study.metrics[at]!;
    sources.push(figuresOf(source, m));
    account(m);
    if (withTable) ablation = { dir: source, rows: study.rows };
  };
  try {
    for (const [i, seed] of seeds.entries()) {
      const dir = join(work, `world-${seed}`);
      opts.onStep?.(`simulate world ${seed}`);
      simulate(drawWorld(seed, { ...opts.world, scale: opts.scale }), { out: dir, corpus });
      await measure(`world-${seed}`, dir, i === 0 && (opts.ablation ?? true));
      rmSync(dir, { recursive: true, force: true });
    }
    const independentSeeds = opts.independentSeeds ?? [2];
    if (independentSeeds.length > 0 && corpora === null) skipped.push('independent source: public prompt sets not found (set HYDRAWATCH_CORPORA)');
    else if (independentSeeds.length > 0) {
      const sets = loadPromptSets(corpora!);
      for (const seed of independentSeeds) {
        const dir = join(work, `independent-${seed}`);
        opts.onStep?.(`generate independent ${seed}`);
        generateIndependent(sets, { out: dir, seed, scale: opts.independentScale });
        await measure(`independent-${seed}`, dir, false);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { evidence: 'payment removed', sources, overall: summarise(sources, totals), ablation, skipped };
}
