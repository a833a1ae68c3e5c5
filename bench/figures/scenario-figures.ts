/**
 * The README's detection figures produced from the shipped scenarios: simulate, scan (with and without the cluster
 * layer) and evaluate, as `hydrawatch simulate` + `scan` + `eval` do, in this process.
 */
import { join } from 'node:path';
import { scanLog } from '../../src/detect/scan.js';
import { corporaDir } from '../../src/sim/corpora-path.js';
import { evaluateDir } from '../../src/sim/eval/evaluate.js';
import type { EvalMetrics } from '../../src/sim/eval/metrics.js';
import { ARCHETYPES, loadScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadCorpus } from '../../src/sim/text/corpus.js';
import type { FigureProducer, FigureRow, ProducerOptions, Tolerance } from './figure.js';

/** Printed rates have 2-3 significant digits; a figure that moves by less than its last digit is not stale. */
const RATE_TOLERANCE: Tolerance = { absolute: 0.01, relative: 0.02 };

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const fixed = (x: number | null, digits: number): string => (x === null ? 'n/a' : x.toFixed(digits));
const count = (n: number): string => n.toLocaleString('en-US');

/** "a-b" of the defined values, "a" when they are equal, "n/a" when there is none. */
function range(values: (number | null)[], format: (x: number) => string): string {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length === 0) return 'n/a';
  const lo = format(Math.min(...defined));
  const hi = format(Math.max(...defined));
  return lo === hi ? lo : `${lo}-${hi}`;
}

/** Benign accounts flagged `distillation`, over every benign segment. */
function falsePositives(m: EvalMetrics): { flagged: number; worst: string } {
  const segments = Object.entries(m.segments);
  const flagged = segments.reduce((n, [, s]) => n + s.flagged, 0);
  const [name, worst] = segments.reduce((a, b) => ((b[1].fpr ?? 0) > (a[1].fpr ?? 0) ? b : a));
  return { flagged, worst: flagged === 0 ? 'every segment 0%' : `worst segment ${name} ${pct(worst.fpr)}` };
}

/** Simulates a shipped scenario into the work folder; returns a function that scans and evaluates it. */
function simulated(scenarioName: string, o: ProducerOptions): (clusters: boolean) => Promise<EvalMetrics> {
  const scenario = loadScenario(scenarioName);
  const corpusDir = scenario.corpora === 'prefer' ? corporaDir() : null;
  const dir = join(o.workDir, scenarioName);
  o.note(`simulate ${scenarioName}`);
  const sim = simulate(scenario, { out: dir, corpus: corpusDir ? loadCorpus(corpusDir) : undefined });
  return async (clusters) => {
    o.note(`scan ${scenarioName} (${sim.exchanges} exchanges${clusters ? '' : ', per-account only'})`);
    const report = await scanLog({ log: sim.files.exchanges, accounts: sim.files.accounts, releases: sim.files.releases, clusters });
    return evaluateDir(dir, report);
  };
}

const run = (scenarioName: string, o: ProducerOptions): Promise<EvalMetrics> => simulated(scenarioName, o)(true);

/** Rows of `standard` (seed 42): with the cluster layer, and per-account detection alone. Needs the prompt sets. */
export const standardFigures: FigureProducer = {
  name: 'standard',
  unavailable: () => (corporaDir() === null ? 'standard draws on the public prompt sets: set HYDRAWATCH_CORPORA' : null),
  async produce(o) {
    const evaluate = simulated('standard', o);
    const m = await evaluate(true);
    const fp = falsePositives(m);
    const campaigns = Object.values(m.campaigns);
    const withClusters: FigureRow = {
      what: 'with the cluster layer, `standard` (seed 42)',
      figure:
        `recall ${fixed(m.recall, 2)}, precision ${fixed(m.precision, 2)}, ${fp.flagged} false positives in ${count(m.accounts.benign)} benign accounts (${fp.worst}), ` +
        `adjusted Rand index ${fixed(m.ari.value, 3)}, leakage ${pct(m.leakage)} of campaign exchanges (worst campaign ${range(campaigns.map((c) => c.leakage), (x) => pct(x)).split('-').at(-1)}), ` +
        `each campaign's main cluster ${range(campaigns.map((c) => c.cluster_purity), (x) => (x * 100).toFixed(1))}% pure, ` +
        `model-pivot alert ${range(campaigns.filter((c) => c.pivot_at !== null).map((c) => c.pivot_alert_latency_hours), (x) => x.toFixed(1))} h after each campaign's pivot`,
      how: '`npx hydrawatch simulate standard --out DIR && npx hydrawatch eval DIR`',
      tolerance: RATE_TOLERANCE,
    };
    const alone = await evaluate(false);
    const fpAlone = falsePositives(alone);
    const perAccount: FigureRow = {
      what: 'per-account detection alone, `standard` (seed 42; calibrated on seed 7 at 4x scale)',
      figure: `recall ${fixed(alone.recall, 2)} of campaign accounts with ${alone.recall_min_exchanges}+ exchanges, ${fpAlone.flagged} false positives in ${count(alone.accounts.benign)} benign accounts`,
      how: '`npx hydrawatch scan DIR/exchanges.jsonl --accounts DIR/accounts.jsonl --releases DIR/releases.jsonl --no-clusters --out F`, `npx hydrawatch eval DIR --report F`',
      tolerance: RATE_TOLERANCE,
    };
    return [withClusters, perAccount];
  },
};

/** One row over the six archetype scenarios (one campaign each over a benign background). */
export const archetypeFigures: FigureProducer = {
  name: 'archetypes',
  unavailable: () => null,
  async produce(o) {
    const all: [string, EvalMetrics][] = [];
    for (const name of ARCHETYPES) all.push([name, await run(name, o)]);
    const metrics = all.map(([, m]) => m);
    const flagged = metrics.reduce((n, m) => n + falsePositives(m).flagged, 0);
    const benign = metrics.reduce((n, m) => n + m.accounts.benign, 0);
    const campaigns = metrics.flatMap((m) => Object.values(m.campaigns));
    const agentic = all.find(([name]) => name === 'agentic-harvest')![1];
    const agenticCampaign = Object.values(agentic.campaigns)[0];
    return [
      {
        what: `with the cluster layer, each archetype scenario (${ARCHETYPES.length} scenarios, one campaign over a benign background)`,
        figure:
          `recall ${range(metrics.map((m) => m.recall), (x) => x.toFixed(2))}, ${flagged} false positives in ${count(benign)} benign accounts, ` +
          `adjusted Rand index ${range(metrics.map((m) => m.ari.value), (x) => x.toFixed(3))}, leakage ${range(metrics.map((m) => m.leakage), (x) => (x * 100).toFixed(1))}% ` +
          `(agentic harvest ${pct(agentic.leakage)}, detected ${fixed(agenticCampaign?.time_to_detect_hours ?? null, 1)} h in), ` +
          `pivot alert ${range(campaigns.filter((c) => c.pivot_at !== null).map((c) => c.pivot_alert_latency_hours), (x) => x.toFixed(1))} h after the pivot`,
        how: '`npx hydrawatch simulate ARCHETYPE --out DIR && npx hydrawatch eval DIR`',
        tolerance: RATE_TOLERANCE,
      },
    ];
  },
};

/** The CI gate's scenario (`smoke`, seed 11): the figures a fresh clone reproduces in seconds. */
export const smokeFigures: FigureProducer = {
  name: 'smoke',
  unavailable: () => null,
  async produce(o) {
    const m = await run('smoke', o);
    const fp = falsePositives(m);
    return [
      {
        what: 'with the cluster layer, `smoke` (seed 11, the scenario of the CI gate and the demo)',
        figure: `recall ${fixed(m.recall, 2)}, precision ${fixed(m.precision, 2)}, ${fp.flagged} false positives in ${count(m.accounts.benign)} benign accounts, adjusted Rand index ${fixed(m.ari.value, 3)}, leakage ${pct(m.leakage)}`,
        how: '`npx hydrawatch simulate smoke --out DIR && npx hydrawatch eval DIR`',
        tolerance: RATE_TOLERANCE,
      },
    ];
  },
};
