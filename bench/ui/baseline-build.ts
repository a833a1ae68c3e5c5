/**
 * Builds the dashboard of another commit (`web/` at `ref`) into tmp/bench-ui/<ref>/dist, so `npm run bench:ui` can
 * measure it side by side with this one. The tree sits inside the repository (tmp/ is ignored) so it builds with
 * this checkout's node_modules.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export function buildBaseline(ref: string): string {
  if (!/^[\w./-]+$/.test(ref)) throw new Error(`--baseline-ref: "${ref}" is not a git ref`);
  const dir = join(ROOT, 'tmp/bench-ui', ref.replace(/[/.]/g, '_'));
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execSync(`git archive ${ref} web | tar -x -C "${dir}"`, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['vite', 'build', join(dir, 'web'), '--outDir', dist, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  return dist;
}
