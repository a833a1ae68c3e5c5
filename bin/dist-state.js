/**
 * Whether `bin/hydrawatch.js` may run the compiled package (dist/) rather than the TypeScript sources under tsx's
 * loader. The build (bin/build.js) stamps dist/ with a fingerprint of the sources taken before it compiles them;
 * dist/ is used only while the sources still have that fingerprint, so a source file edited, added or removed since
 * (or during) the build sends every run back to the sources, never to stale JavaScript. HYDRAWATCH_FROM_SOURCES=1
 * forces the sources. Plain JavaScript: it runs before any loader.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The build's stamp, relative to the package root. */
export const BUILD_STAMP = join('dist', 'build-stamp.json');

/** What the compiled output depends on besides src/. */
const BUILD_CONFIG = ['tsconfig.json', 'tsconfig.build.json'];

/**
 * A hash of the path, size and modification time of every file and folder under `root`/src and of the build's
 * configuration. A folder's time changes when an entry is added, removed or renamed in it.
 */
export function sourcesFingerprint(root) {
  const hash = createHash('sha256');
  const add = (path) => {
    const s = statSync(join(root, path));
    hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
  };
  for (const file of BUILD_CONFIG) add(file);
  add('src');
  for (const entry of readdirSync(join(root, 'src'), { recursive: true }).sort()) add(join('src', entry));
  return hash.digest('hex');
}

/** True when dist/ under `root` was built from the sources as they are now, and the sources are not forced. */
export function distIsCurrent(root, env) {
  if (env.HYDRAWATCH_FROM_SOURCES === '1') return false;
  try {
    const stamp = JSON.parse(readFileSync(join(root, BUILD_STAMP), 'utf8'));
    return stamp.sources === sourcesFingerprint(root);
  } catch {
    return false; // no build, or a half-written one
  }
}
