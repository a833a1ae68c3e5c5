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
import { registerAccounts } from './accounts.js';
import { registerReleases } from './releases.js';
import { registerWorker } from './worker.js';

const program = new Command('hydrawatch')
  .description('Detects and stops distillation attacks (hydra clusters) on LLM APIs.')
  .version('0.1.0')
  .showHelpAfterError();

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
  registerAccounts,
  registerReleases,
  registerWorker,
]) {
  register(program);
}

await program.parseAsync(process.argv);
