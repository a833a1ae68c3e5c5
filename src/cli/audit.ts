/**
 * `hydrawatch audit verify` (CONTRACT.md section 6): checks the audit log's hash chain end to end. Exit 0 only when
 * it is intact; otherwise prints the first broken entry and exits 1. `audit list` prints the entries as JSON lines.
 */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';
import { withStores, type DataOpt } from './stores.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log of decisions');
  audit
    .command('verify')
    .description('check the hash chain end to end; exit 0 only when intact')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        await withStores(opts, async ({ decisions }) => {
          const result = await decisions.verifyAudit();
          process.stdout.write(`${JSON.stringify(result)}\n`);
          if (!result.ok)
            throw new Error(`audit log broken at entry ${result.firstBroken.seq}: ${result.firstBroken.problem}`);
          process.stderr.write(`audit log intact: ${result.entries} entries\n`);
        });
      }),
    );
  audit
    .command('list')
    .description('print the audit entries as JSON lines')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        await withStores(opts, async ({ decisions }) => {
          for await (const entry of decisions.auditEntries()) process.stdout.write(`${JSON.stringify(entry)}\n`);
        });
      }),
    );
}
