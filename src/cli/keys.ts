/** `hydrawatch keys` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerKeys(program: Command): void {
  program
    .command('keys')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`keys` is not built yet');
      }),
    );
}
