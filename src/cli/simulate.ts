/**
 * `hydrawatch simulate SCENARIO --out DIR [--seed N] [--scale X]`: synthetic traffic with ground truth
 * (docs/formats.md, simulator output). Prints a JSON summary on stdout, progress on stderr.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { runCommand, UsageError } from './run-command.js';
import { terminalProgress } from './progress.js';
import { loadScenario, scaleScenario } from '../sim/scenario.js';
import { simulate } from '../sim/simulate.js';
import { loadCorpus } from '../sim/text/corpus.js';
import { drawWorld, WORLD_SCENARIO } from '../sim/worlds/world-family.js';
import { corporaDir } from '../sim/corpora-path.js';

interface SimulateFlags {
  out: string;
  seed?: string;
  scale?: string;
  corpora?: string;
  quiet?: boolean;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('write synthetic API traffic with ground truth: exchanges, accounts, releases and labels (JSONL)')
    .argument('<scenario>', 'a shipped scenario (smoke, smoke-coding, standard, report-scale, report-scale-45d, reasoning-harvest, agentic-harvest, agentic-coding, volume-pivot, reseller-hydra, low-and-slow, reasoning-coercion), "world" (a randomised world drawn from --seed: 1-5 calibration, 101+ judging) or a YAML file')
    .requiredOption('--out <dir>', 'output directory')
    .option('--seed <n>', 'random seed (default: the scenario\'s)')
    .option('--scale <x>', 'multiply population and campaign sizes by x', '1')
    .option('--corpora <dir>', 'directory of public prompt sets for scenarios with `corpora: prefer` ("none" to disable; default: $HYDRAWATCH_CORPORA, see the README)')
    .option('--quiet', 'no progress on stderr')
    .action(
      runCommand((name: string, flags: SimulateFlags) => {
        const seed = flags.seed === undefined ? undefined : Number(flags.seed);
        if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${flags.seed}"`);
        const scale = Number(flags.scale ?? '1');
        if (!(scale > 0)) throw new UsageError(`--scale must be a positive number, got "${flags.scale}"`);
        const scenario = name === WORLD_SCENARIO ? drawWorld(seed ?? 1, { scale }) : scaleScenario(loadScenario(name), scale);
        let corpusDir: string | null = null;
        if (flags.corpora === 'none') corpusDir = null;
        else if (flags.corpora) {
          if (!existsSync(flags.corpora)) throw new UsageError(`--corpora: no such directory ${flags.corpora}`);
          corpusDir = flags.corpora;
        } else corpusDir = corporaDir();
        const corpus = scenario.corpora === 'prefer' && corpusDir ? loadCorpus(corpusDir) : undefined;
        const progress = terminalProgress(`simulate ${scenario.name}`, flags.quiet);
        const t0 = Date.now();
        const summary = simulate(scenario, {
          out: flags.out,
          seed,
          corpus,
          onProgress: (done, total, n) => progress.update(done, total, `minutes | ${n} exchanges`),
        });
        progress.stop();
        const seconds = (Date.now() - t0) / 1000;
        process.stdout.write(`${JSON.stringify({ ...summary, seconds: Math.round(seconds * 10) / 10 }, null, 2)}\n`);
        if (!flags.quiet)
          process.stderr.write(`${summary.exchanges} exchanges (${summary.attackExchanges} from ${summary.attackAccounts} campaign accounts) and ${summary.accounts} accounts in ${seconds.toFixed(1)} s -> ${flags.out}\n`);
      }),
    );
}
