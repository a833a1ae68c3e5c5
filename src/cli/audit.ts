/**
 * `hydrawatch audit verify`: checks the audit log's hash chain end to end, its head anchor, and every decision row
 * against its audit entries. Exit 0 only when all hold; otherwise prints what is broken and exits 1. `audit list`
 * prints the entries as JSON lines.
 */
import type { Command } from 'commander';
import { runCommand } from './run-command.js';
import { existingDataDir } from './cli-paths.js';

interface DataOpt {
  data?: string;
}

async function openAudit(opts: DataOpt) {
  const { openDatabase } = await import('../store/database.js');
  const { AuditLog } = await import('../store/audit.js');
  const db = openDatabase(await existingDataDir(opts.data));
  return { db, log: new AuditLog(db) };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log of decisions');
  audit
    .command('verify')
    .description('check the hash chain end to end; exit 0 only when intact')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        const { db, log } = await openAudit(opts);
        try {
          const result = log.verify();
          const { verifyDecisionsAudit } = await import('../store/audit-decisions.js');
          const decisions = verifyDecisionsAudit(db);
          process.stdout.write(`${JSON.stringify({ ...result, decisions })}\n`);
          if (!result.ok)
            throw new Error(`audit log broken at entry ${result.firstBroken.seq}: ${result.firstBroken.problem}`);
          if (!decisions.ok) throw new Error(`decisions do not match the audit log: ${decisions.problems.join('; ')}`);
          process.stderr.write(`audit log intact: ${result.entries} entries; ${decisions.decisions} decisions match it\n`);
        } finally {
          db.close();
        }
      }),
    );
  audit
    .command('list')
    .description('print the audit entries as JSON lines')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        const { db, log } = await openAudit(opts);
        try {
          for (const entry of log.entries()) process.stdout.write(`${JSON.stringify(entry)}\n`);
        } finally {
          db.close();
        }
      }),
    );
}
