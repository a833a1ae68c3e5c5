/** `hydrawatch decisions` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerDecisions(program: Command): void {
  program
    .command('decisions')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`decisions` is not built yet');
      }),
    );
}
