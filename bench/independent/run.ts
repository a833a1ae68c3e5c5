/**
 * `node --import tsx bench/independent/run.ts --out DIR [--seed N] [--scale X]`: writes one world of the independent
 * traffic source (exchanges, accounts, releases, labels), ready for `hydrawatch eval DIR`. Needs the public prompt
 * sets (HYDRAWATCH_CORPORA); exits 0 with a message when they are missing.
 */
import { parseArgs } from 'node:util';
import { corporaDir } from '../../src/sim/corpora-path.js';
import { generateIndependent } from './generate.js';
import { loadPromptSets } from './prompt-sets.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, seed: { type: 'string', default: '1' }, scale: { type: 'string', default: '1' } } });
if (!values.out) {
  process.stderr.write('usage: run.ts --out DIR [--seed N] [--scale X]\n');
  process.exit(2);
}
const dir = corporaDir();
if (dir === null) {
  process.stderr.write('independent source skipped: public prompt sets not found (set HYDRAWATCH_CORPORA)\n');
  process.exit(0);
}
const summary = generateIndependent(loadPromptSets(dir), { out: values.out, seed: Number(values.seed), scale: Number(values.scale) });
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
