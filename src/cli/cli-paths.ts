/**
 * Checks of the paths a command is given, made before any work starts, so that a typo costs one line of error and
 * not a whole scan or a new empty database: input files exist, output folders exist, data directories hold a database.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './run-command.js';

/** Throws a usage error unless `file` is '-' (stdin) or an existing file. */
export function requireInputFile(what: string, file: string): void {
  if (file === '-') return;
  if (!existsSync(file)) throw new UsageError(`${what}: no such file: ${file}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${what}: is a directory, not a file: ${file}`);
}

/** Throws a usage error unless `file` is '-' (stdout) or can be created: its folder exists (we do not create it). */
export function requireOutputFolder(what: string, file: string): void {
  if (file === '-') return;
  const folder = dirname(resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${what}: folder does not exist: ${folder}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${what}: is a directory, not a file: ${file}`);
}

/**
 * The data directory of a command that reads what a gateway recorded (`--data`, else HYDRAWATCH_DATA, else
 * ./.hydrawatch); a usage error when it holds no database, instead of silently creating an empty one.
 */
export async function existingDataDir(data: string | undefined): Promise<string> {
  // Loaded on use, so that commands without a database start without loading SQLite.
  const { DATABASE_FILE, defaultDataDir } = await import('../store/database.js');
  const dir = data ?? defaultDataDir();
  if (!existsSync(join(dir, DATABASE_FILE)))
    throw new UsageError(`no Hydrawatch database in ${dir} (give --data DIR or HYDRAWATCH_DATA: the folder a gateway or demo wrote)`);
  return dir;
}
