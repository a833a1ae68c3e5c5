/**
 * `node --import tsx bench/generalization/run.ts [--seeds 109,110,111] [--scale X] [--independent 2] [--no-ablation]
 * [--json]` (also `npm run generalization`): prints issue 13's "Done when" table on unseen randomised worlds and
 * on the independent source, with payment data removed, and the ablation table. Progress on stderr.
 */
import { parseArgs } from 'node:util';
import { runGeneralization } from './figures.js';
import { formatGeneralization } from './table.js';

const { values } = parseArgs({
  options: {
    // Without --seeds and --independent, runGeneralization's defaults: the first three judging worlds, independent seed 2.
    seeds: { type: 'string' },
    scale: { type: 'string', default: '1' },
    independent: { type: 'string' },
    'independent-scale': { type: 'string', default: '1' },
    'no-ablation': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const list = (s: string): number[] => s.split(',').filter((x) => x.trim()).map((x) => {
  const n = Number(x);
  if (!Number.isInteger(n)) throw new Error(`not an integer seed: ${x}`);
  return n;
});
const t0 = Date.now();
const result = await runGeneralization({
  ...(values.seeds !== undefined && { seeds: list(values.seeds) }),
  scale: Number(values.scale),
  ...(values.independent !== undefined && { independentSeeds: values.independent === 'none' ? [] : list(values.independent) }),
  independentScale: Number(values['independent-scale']),
  ablation: !values['no-ablation'],
  onStep: (what) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${what}\n`),
});
process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatGeneralization(result));
