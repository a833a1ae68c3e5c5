/** `hydrawatch export` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`export` is not built yet');
      }),
    );
}
