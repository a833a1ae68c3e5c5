/**
 * Where real prompt sets live when the product runs inside the team's checkout: `<repo>/../shared/corpora`.
 * The simulator only uses them when the scenario says `corpora: prefer`; without them it uses its own generators.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The default corpus directory if it exists, else null. */
export function defaultCorpusDir(): string | null {
  const dir = join(REPO_ROOT, '..', 'shared', 'corpora');
  return existsSync(dir) ? dir : null;
}
