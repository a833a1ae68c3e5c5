/**
 * Leave-one-archetype-out: for each campaign archetype, the evaluation on worlds drawn without it (the figures a
 * tuner would see) and then on worlds holding only it (how the withheld one is caught). No automatic tuning exists:
 * the point is to report the withheld archetype's figures honestly next to the others'.
 *
 *     node --import tsx bench/generalization/leave-one-out.ts [--archetypes a,b] [--seed 1] [--judge-seed 109] [--scale 0.3] [--json]
 *
 * Evidence is complete here (payment included); `run.ts` gives the payment-removed figures.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHETYPES, type Archetype } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { drawWorld, JUDGING_SEEDS } from '../../src/sim/worlds/world-family.js';
import { scanLog } from '../../src/detect/scan.js';
import { evaluateDir } from '../../src/sim/eval/evaluate.js';
import { worstSegment } from '../../src/sim/eval/ablation-study.js';
import type { EvalMetrics } from '../../src/sim/eval/metrics.js';
import { grid, pct } from '../../src/sim/eval/table.js';

export interface LeaveOneOutLine {
  archetype: Archetype;
  /** Worlds without the archetype: overall recall, leakage and worst segment of the rest. */
  without: { recall: number | null; leakage: number | null; worst_segment: string };
  /** Worlds with only the archetype: its own recall and leakage. */
  withheld: { recall: number | null; leakage: number | null; eligible: number; worst_segment: string };
}

async function evaluateWorld(seed: number, scale: number, opts: { without?: Archetype[]; only?: Archetype[] }): Promise<EvalMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-loao-'));
  try {
    const out = simulate(drawWorld(seed, { scale, ...opts }), { out: dir });
    const report = await scanLog({ log: out.files.exchanges, accounts: out.files.accounts, releases: out.files.releases });
    return await evaluateDir(dir, report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describeWorst = (m: EvalMetrics): string => {
  const w = worstSegment(m);
  return w ? `${w.segment} ${w.flagged}/${w.accounts}` : '-';
};

export async function leaveOneArchetypeOut(archetypes: readonly Archetype[], seed: number, judgeSeed: number, scale: number, onStep?: (s: string) => void): Promise<LeaveOneOutLine[]> {
  const lines: LeaveOneOutLine[] = [];
  for (const a of archetypes) {
    onStep?.(`${a}: world ${seed} without it`);
    const rest = await evaluateWorld(seed, scale, { without: [a] });
    onStep?.(`${a}: world ${judgeSeed} with only it`);
    const alone = await evaluateWorld(judgeSeed, scale, { only: [a] });
    const own = Object.values(alone.campaigns);
    const eligible = own.reduce((x, c) => x + c.eligible, 0);
    lines.push({
      archetype: a,
      without: { recall: rest.recall, leakage: rest.leakage, worst_segment: describeWorst(rest) },
      withheld: { recall: alone.recall, leakage: alone.leakage, eligible, worst_segment: describeWorst(alone) },
    });
  }
  return lines;
}


if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { archetypes: { type: 'string' }, seed: { type: 'string', default: '1' }, 'judge-seed': { type: 'string', default: String(JUDGING_SEEDS[0]) }, scale: { type: 'string', default: '0.3' }, json: { type: 'boolean', default: false } } });
  const chosen = (values.archetypes ? values.archetypes.split(',') : [...ARCHETYPES]) as Archetype[];
  for (const a of chosen) if (!(ARCHETYPES as readonly string[]).includes(a)) throw new Error(`unknown archetype ${a}`);
  const t0 = Date.now();
  const lines = await leaveOneArchetypeOut(chosen, Number(values.seed), Number(values['judge-seed']), Number(values.scale), (s) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${s}\n`));
  if (values.json) process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
  else {
    const rows = [['withheld archetype', 'others: recall', 'others: leakage', 'others: worst segment', 'withheld: eligible', 'withheld: recall', 'withheld: leakage', 'worst segment']];
    for (const l of lines) rows.push([l.archetype, pct(l.without.recall), pct(l.without.leakage), l.without.worst_segment, String(l.withheld.eligible), pct(l.withheld.recall), pct(l.withheld.leakage), l.withheld.worst_segment]);
    process.stdout.write(`${grid(rows)}\n`);
  }
}
