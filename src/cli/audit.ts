/**
 * `hydrawatch audit verify`: checks the audit log's hash chain end to end, its head anchor, and every decision row
 * against its audit entries. Exit 0 only when all hold; otherwise prints what is broken and exits 1. `audit list`
 * prints the entries as JSON lines.
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
          const rows = await decisions.verifyDecisionRows();
          process.stdout.write(`${JSON.stringify({ ...result, decisions: rows })}\n`);
          if (!result.ok)
            throw new Error(`audit log broken at entry ${result.firstBroken.seq}: ${result.firstBroken.problem}`);
          if (rows && !rows.ok) throw new Error(`decisions do not match the audit log: ${rows.problems.join('; ')}`);
          process.stderr.write(`audit log intact: ${result.entries} entries${rows ? `; ${rows.decisions} decisions match it` : ''}\n`);
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
