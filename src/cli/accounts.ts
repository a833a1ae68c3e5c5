/**
 * `hydrawatch accounts import FILE` / `accounts list`: account attributes (the accounts format: payment,
 * verification, country, owner_country, sign-up time, ...) for online detection, upserted so that a nightly import
 * from the provider's account system is idempotent. A running gateway reads them at start and on each key's use.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { runCommand, UsageError } from './run-command.js';
import { withStores, type DataOpt } from './stores.js';

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('account attributes used by detection (payment, verification, country, ...)');
  accounts
    .command('import')
    .description('create or update accounts from an accounts JSONL file (- for stdin); bad lines are reported and skipped')
    .argument('<file>', 'accounts JSONL: one {"id": ..., "payment": ..., "owner_country": ...} per line')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (file: string, opts: DataOpt) => {
        if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
        const { readJsonlRecords } = await import('../ingest/jsonl-file.js');
        const { accountSchema } = await import('../exchange/account.js');
        const { importAccounts } = await import('../store/account-import.js');
        let bad = 0;
        const list = await readJsonlRecords(file, accountSchema, (b) => {
          bad++;
          process.stderr.write(`line ${b.line}: ${b.error}\n`);
        });
        const summary = await withStores(opts, ({ store }) => importAccounts(store, list), { create: true });
        process.stderr.write(`imported ${list.length} accounts: ${summary.created} new, ${summary.updated} updated; ${bad} bad line(s) skipped\n`);
        if (bad > 0) process.exitCode = 1;
      }),
    );
  accounts
    .command('list')
    .description('print the stored accounts as JSON lines')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        await withStores(opts, async ({ store }) => {
          for (const a of await store.listAccounts()) process.stdout.write(`${JSON.stringify(a)}\n`);
        });
      }),
    );
}
