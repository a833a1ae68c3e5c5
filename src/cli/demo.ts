/** `hydrawatch demo` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`demo` is not built yet');
      }),
    );
}
