/** `hydrawatch serve` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`serve` is not built yet');
      }),
    );
}
