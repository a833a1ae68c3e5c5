/**
 * The deployment's watermark master secret: `HYDRAWATCH_WATERMARK_SECRET` when set, otherwise a random secret kept
 * in the data directory (`watermark.key`, created on first use with mode 0600). Every account's key derives from it,
 * so the gateway that embeds and the CLI that verifies must see the same one.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'watermark.key';

export function loadWatermarkSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HYDRAWATCH_WATERMARK_SECRET;
  if (fromEnv !== undefined) {
    if (fromEnv.length < 16) throw new Error('HYDRAWATCH_WATERMARK_SECRET must be at least 16 characters');
    return fromEnv;
  }
  const path = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw err;
  }
  chmodSync(path, 0o600);
  return secret;
}
