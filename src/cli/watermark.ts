/** `hydrawatch watermark` (CONTRACT.md section 6). Not built yet: its owner replaces this file. */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export function registerWatermark(program: Command): void {
  program
    .command('watermark')
    .description('(not built yet)')
    .action(
      runCommand(() => {
        throw new Error('`watermark` is not built yet');
      }),
    );
}
