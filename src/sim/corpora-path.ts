/**
 * Where the public prompt sets (GSM8K, HumanEval, Code Alpaca, MT-Bench, ...) are found. The one documented option is
 * the `HYDRAWATCH_CORPORA` environment variable (`none` turns them off); without it, `<repo>/../shared/corpora` where
 * that folder exists (the layout of the team's checkout). The product never needs them: the simulator falls back to
 * its own generators, and the tests and benchmarks that need them skip with a message (in CI, where they are
 * provided, a missing folder is an error rather than a skip). They are never copied into the repository: their
 * licences differ.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPORA_ENV = 'HYDRAWATCH_CORPORA';

/** The corpus folder, or null when none is configured or found. Throws when the variable names a missing folder. */
export function corporaDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env[CORPORA_ENV];
  if (configured !== undefined && configured !== '') {
    if (configured === 'none') return null;
    if (!existsSync(configured)) throw new Error(`${CORPORA_ENV}=${configured}: no such directory`);
    return resolve(configured);
  }
  const teamLayout = join(REPO_ROOT, '..', 'shared', 'corpora');
  return existsSync(teamLayout) ? teamLayout : null;
}

/**
 * For a test's `skip` option: false when the corpora are there (or in CI, where their absence must fail the test),
 * else the reason to skip. `HYDRAWATCH_CORPORA=none` skips even in CI: it is the fresh-clone run's explicit choice.
 */
export function corporaSkip(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env[CORPORA_ENV] === 'none') return `public prompt sets turned off (${CORPORA_ENV}=none)`;
  if (env.CI === 'true') return false;
  return corporaDir(env) === null ? `public prompt sets not found: set ${CORPORA_ENV} to their folder` : false;
}

/** The corpus folder for a test or benchmark that cannot run without it. */
export function requireCorporaDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = corporaDir(env);
  if (dir === null) throw new Error(`public prompt sets not found: set ${CORPORA_ENV} to their folder`);
  return dir;
}
