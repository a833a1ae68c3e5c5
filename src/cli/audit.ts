/** `hydrawatch audit` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`audit` is not built yet');
      }),
    );
}
