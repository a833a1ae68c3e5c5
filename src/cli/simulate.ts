/** `hydrawatch simulate` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`simulate` is not built yet');
      }),
    );
}
