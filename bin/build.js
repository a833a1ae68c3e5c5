/**
 * `npm run build` (run by `npm ci` through `prepare`): compiles src/ to dist/ with tsconfig.build.json and stamps it
 * with the fingerprint of the sources it compiled (dist-state.js), which `bin/hydrawatch.js` checks at every start,
 * and writes the offline IP tables as binary files (src/signals/range-table-file.ts), read in milliseconds where the
 * registry CSVs take a second to parse.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_STAMP, sourcesFingerprint } from './dist-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Taken before compiling: a source edited while tsc runs leaves the build stale rather than stamped as current.
const sources = sourcesFingerprint(root);
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { status } = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (status !== 0) {
  process.stderr.write('hydrawatch build: tsc failed; bin/hydrawatch.js keeps running the sources\n');
  process.exit(status ?? 1);
}
writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify({ sources })}\n`);
for (const [module, name] of [['asn.js', 'AsnDatabase'], ['geo.js', 'GeoDatabase']]) {
  try {
    const database = (await import(pathToFileURL(join(root, 'dist', 'signals', module)).href))[name];
    database.writeTableFile();
  } catch (err) {
    // Lookups still work without the file: each process parses the CSVs instead.
    process.stderr.write(`hydrawatch build: no table file for ${name} (${err instanceof Error ? err.message : String(err)})\n`);
  }
}
