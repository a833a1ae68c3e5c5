/**
 * Prompt diversity of the simulator against the public prompt sets: distinct prompts and distinct templates (the
 * template index's near-duplicate groups) per 1,000 prompts, in the prompt sets themselves, and in a scenario's traffic
 * with and without the prompt sets and with and without personal prompts (`personal_prompts`).
 *
 *   node --import tsx bench/simulate/prompt-diversity.ts [--scenario standard] [--scale 0.1] [--days 2] [--share 0.85]
 *
 * "typed" is the traffic of the benign segments where a person types the question (chat, developer, research,
 * enterprise, coding agents); "all" is every exchange, batch jobs, evaluation runs and campaigns included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corporaDir } from '../../src/sim/corpora-path.js';
import { corpusDiversity, logDiversity, type Diversity } from '../../src/sim/eval/prompt-diversity.js';
import { TYPED_SEGMENTS } from '../../src/sim/personal-prompts.js';
import { loadScenario, scaleScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadCorpus, type Corpus } from '../../src/sim/text/corpus.js';

const { values } = parseArgs({
  options: { scenario: { type: 'string' }, scale: { type: 'string' }, days: { type: 'string' }, share: { type: 'string' } },
});
const scenarioName = values.scenario ?? 'standard';
const scale = Number(values.scale ?? '0.1');
const days = Number(values.days ?? '2');
const share = Number(values.share ?? '0.85');
if (!(scale > 0) || !(days > 0) || !(share >= 0 && share <= 1)) throw new Error('--scale and --days must be positive, --share in [0, 1]');

const perThousand = (n: number, of: number) => (of === 0 ? '-' : ((1000 * n) / of).toFixed(0));
const row = (what: string, d: Diversity) =>
  `| ${what} | ${d.prompts.toLocaleString('en')} | ${perThousand(d.distinct, d.prompts)} | ${perThousand(d.templates, d.prompts)} |`;

const dir = corporaDir();
const corpus: Corpus | null = dir === null ? null : loadCorpus(dir);
const lines = ['| prompts | count | distinct per 1,000 | templates per 1,000 |', '|---|---|---|---|'];
if (corpus !== null) lines.push(row(`public prompt sets (${dir})`, corpusDiversity(corpus)));
else process.stderr.write('prompt-diversity: no prompt sets (HYDRAWATCH_CORPORA); their row and the with-corpora runs are skipped\n');

const work = mkdtempSync(join(tmpdir(), 'hw-prompt-diversity-'));
try {
  const base = { ...scaleScenario(loadScenario(scenarioName), scale), days };
  for (const withCorpus of corpus === null ? [false] : [true, false]) {
    for (const personal of [0, share]) {
      const out = join(work, `${withCorpus ? 'corpora' : 'embedded'}-${personal}`);
      const scenario = { ...base, personal_prompts: personal, corpora: withCorpus ? ('prefer' as const) : ('none' as const) };
      simulate(scenario, { out, corpus: withCorpus && corpus !== null ? corpus : undefined });
      const typed = new Set<string>();
      for (const line of readFileSync(join(out, 'labels.jsonl'), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const l = JSON.parse(line) as { account: string; label: string; segment: string };
        if (l.label === 'benign' && TYPED_SEGMENTS.has(l.segment)) typed.add(l.account);
      }
      const d = await logDiversity(join(out, 'exchanges.jsonl'), typed);
      const name = `${scenarioName} x${scale}, ${days} d, ${withCorpus ? 'prompt sets' : 'embedded generators'}, personal ${personal}`;
      lines.push(row(`${name}: typed`, d.selected), row(`${name}: all`, d.all));
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${lines.join('\n')}\n(load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})\n`);
