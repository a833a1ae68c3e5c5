/**
 * The store a command works on: the data directory (`--data`, HYDRAWATCH_DATA) on SQLite, or the shared
 * PostgreSQL database when HYDRAWATCH_STORE=postgres (with HYDRAWATCH_POSTGRES_URL), as the gateway would use.
 */
import type { OpenedStores } from '../store/open-store.js';
import { existingDataDir } from './cli-paths.js';
import { UsageError } from './run-command.js';

export interface DataOpt {
  data?: string;
}

/**
 * Opens the configured store, runs `fn`, and closes the store whatever happens. Without `create`, a SQLite data
 * directory must already hold a database (a usage error instead of a new, empty one: a mistyped `--data`).
 */
export async function withStores<T>(opts: DataOpt, fn: (stores: OpenedStores) => Promise<T> | T, { create = false } = {}): Promise<T> {
  // Loaded on use, so that `hydrawatch --help` and other commands start fast.
  const { loadConfig, ConfigError } = await import('../config/config.js');
  const { openStores } = await import('../store/open-store.js');
  const env = { ...process.env };
  if (opts.data) env.HYDRAWATCH_DATA = opts.data;
  let stores: OpenedStores;
  try {
    const config = loadConfig(undefined, env);
    if (config.store.kind === 'sqlite' && !create) await existingDataDir(config.data.dir);
    stores = await openStores(config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  try {
    return await fn(stores);
  } finally {
    await stores.close();
  }
}
