/** `hydrawatch keys`: create (secret alone on stdout, shown once), list and revoke API keys. */
import type { Command } from 'commander';
import type { SqliteStore } from '../store/sqlite-store.js';
import { runCommand, UsageError } from './run-command.js';
import { existingDataDir } from './cli-paths.js';

interface DataOpt {
  data?: string;
}

/** `create`: `keys create` makes the data directory (before a gateway's first start); listing and revoking need one. */
async function withStore<T>(opts: DataOpt, create: boolean, fn: (store: SqliteStore) => Promise<T>): Promise<T> {
  // Loaded on use, so that `hydrawatch --help` and other commands start fast.
  const { SqliteStore } = await import('../store/sqlite-store.js');
  const { defaultDataDir } = await import('../store/database.js');
  const store = new SqliteStore(create ? opts.data ?? defaultDataDir() : await existingDataDir(opts.data));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage API keys of the gateway');
  keys
    .command('create')
    .description('create an API key for an account (creating the account if new); prints the secret alone on stdout')
    .requiredOption('--account <id>', 'account id')
    .option('--name <label>', 'a label for the key')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt & { account: string; name?: string }) => {
        if (!opts.account.trim()) throw new UsageError('--account must not be empty');
        await withStore(opts, true, async (store) => {
          const created = await store.createKey(opts.account.trim(), opts.name);
          process.stderr.write(
            `created key ${created.key.id} for account ${created.key.account}${created.accountCreated ? ' (new account)' : ''}; ` +
              'the secret below is shown once and only its hash is stored\n',
          );
          process.stdout.write(`${created.secret}\n`);
        });
      }),
    );
  keys
    .command('list')
    .description('list keys (never their secrets) as JSON lines')
    .option('--account <id>', 'only this account')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt & { account?: string }) => {
        await withStore(opts, false, async (store) => {
          for (const key of await store.listKeys(opts.account)) process.stdout.write(`${JSON.stringify(key)}\n`);
        });
      }),
    );
  keys
    .command('revoke')
    .description('revoke a key by id (a running gateway stops accepting it within its cache TTL, 30 s by default)')
    .argument('<key-id>', 'the key id, e.g. key_0123456789ab')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (id: string, opts: DataOpt) => {
        await withStore(opts, false, async (store) => {
          if (!(await store.revokeKey(id))) throw new UsageError(`no live key with id ${id}`);
          process.stderr.write(`revoked ${id}\n`);
        });
      }),
    );
}
