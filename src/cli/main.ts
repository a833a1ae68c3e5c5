/** The `hydrawatch` command line: one file per command in this folder, each registering itself on the program. */
import { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerServe } from './serve.js';
import { registerKeys } from './keys.js';
import { registerExport } from './export.js';
import { registerScan } from './scan.js';
import { registerSimulate } from './simulate.js';
import { registerEval } from './eval.js';
import { registerDecisions } from './decisions.js';
import { registerAudit } from './audit.js';
import { registerWatermark } from './watermark.js';
import { registerIntel } from './intel.js';
import { registerCase } from './case.js';
import { registerAccounts } from './accounts.js';
import { registerReleases } from './releases.js';
import { registerWorker } from './worker.js';
import { registerEvalItems } from './eval-items.js';
import { EXIT_USAGE } from './run-command.js';

const program = new Command('hydrawatch')
  .description('Detects and stops distillation attacks (hydra clusters) on LLM APIs.')
  .version('0.1.0')
  // A usage error is one line on stderr (not the whole help) and exit code 2, as in run-command.ts; subcommands
  // inherit both settings.
  .configureOutput({ outputError: (message, write) => write(`hydrawatch: ${message.replace(/^error: /, '').trimEnd()} (see --help)\n`) })
  .exitOverride((err) => {
    const done = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0;
    process.exit(done ? 0 : EXIT_USAGE);
  });

for (const register of [
  registerDemo,
  registerServe,
  registerKeys,
  registerExport,
  registerScan,
  registerSimulate,
  registerEval,
  registerDecisions,
  registerAudit,
  registerWatermark,
  registerIntel,
  registerCase,
  registerAccounts,
  registerReleases,
  registerWorker,
  registerEvalItems,
]) {
  register(program);
}

await program.parseAsync(process.argv);
