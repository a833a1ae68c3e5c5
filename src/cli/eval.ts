/** `hydrawatch eval` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`eval` is not built yet');
      }),
    );
}
