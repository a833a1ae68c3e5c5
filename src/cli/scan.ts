/** `hydrawatch scan` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`scan` is not built yet');
      }),
    );
}
