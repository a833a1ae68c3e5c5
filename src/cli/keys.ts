/** `hydrawatch keys`: create (secret alone on stdout, shown once), list and revoke API keys. */
import type { Command } from 'commander';
import type { Account } from '../exchange/account.js';
import type { Store } from '../store/store.js';
import { withStores, type DataOpt } from './stores.js';
import { runCommand, UsageError } from './run-command.js';

/** `create`: `keys create` makes the data directory (before a gateway's first start); listing and revoking need one. */
async function withStore<T>(opts: DataOpt, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  return withStores(opts, ({ store }) => fn(store), { create });
}

/** The account options of `keys create`, as commander names them. */
const ATTRIBUTE_OPTIONS = ['org', 'payment', 'verification', 'tier', 'created', 'country', 'ownerCountry'] as const;

/** The attributes given on the command line as an account, validated; null when none were given. */
async function accountAttributes(id: string, opts: Partial<Record<(typeof ATTRIBUTE_OPTIONS)[number], string>>): Promise<Account | null> {
  const given = ATTRIBUTE_OPTIONS.filter((k) => opts[k] !== undefined);
  if (given.length === 0) return null;
  const { accountSchema } = await import('../exchange/account.js');
  const raw: Record<string, string> = { id };
  for (const k of given) raw[k === 'ownerCountry' ? 'owner_country' : k] = opts[k]!;
  const parsed = accountSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0] ?? 'account').replace('_', '-')}: ${issue.message}`);
  }
  return parsed.data;
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage API keys of the gateway');
  keys
    .command('create')
    .description('create an API key for an account (creating the account if new); prints the secret alone on stdout')
    .requiredOption('--account <id>', 'account id')
    .option('--name <label>', 'a label for the key')
    .option('--org <id>', "the account's organisation")
    .option('--payment <fingerprint>', 'payment-instrument fingerprint')
    .option('--verification <level>', 'none, email, edu, research, startup, enterprise or eval')
    .option('--tier <tier>', 'free, paid, scale or enterprise')
    .option('--created <ts>', 'sign-up time (RFC 3339)')
    .option('--country <cc>', 'ISO 3166 alpha-2 country of the account')
    .option('--owner-country <cc>', "ISO 3166 alpha-2 country the account's ultimate owner is controlled from")
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt & { account: string; name?: string } & Partial<Record<(typeof ATTRIBUTE_OPTIONS)[number], string>>) => {
        if (!opts.account.trim()) throw new UsageError('--account must not be empty');
        const attributes = await accountAttributes(opts.account.trim(), opts);
        await withStore(opts, true, async (store) => {
          const created = await store.createKey(opts.account.trim(), opts.name);
          // After the key, so that a new account keeps its sign-up time unless --created says otherwise.
          if (attributes) await store.upsertAccount(attributes);
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
