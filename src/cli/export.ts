/** `hydrawatch export`: the gateway's recorded exchanges as an exchange log (docs/formats.md), streamed. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import type { Store } from '../store/store.js';
import { withStores } from './stores.js';
import { terminalProgress } from './progress.js';
import { runCommand, UsageError } from './run-command.js';
import { requireOutputFolder } from './cli-paths.js';

/** Writes every recorded exchange (at or after `since`) as JSONL to `out`; returns how many. */
export async function exportExchanges(
  store: Store,
  out: Writable,
  since?: string,
  onProgress?: (n: number) => void,
): Promise<number> {
  let n = 0;
  for await (const ex of store.exchanges(since !== undefined ? { since } : {})) {
    if (!out.write(`${JSON.stringify(ex)}\n`)) await once(out, 'drain');
    n++;
    if (onProgress && n % 1000 === 0) onProgress(n);
  }
  return n;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the recorded exchanges as an exchange log (JSONL, time order)')
    .requiredOption('--out <file>', "output file ('-' for stdout)")
    .option('--since <ts>', 'only exchanges at or after this RFC 3339 time')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--quiet', 'no progress on stderr')
    .action(
      runCommand(async (opts: { out: string; since?: string; data?: string; quiet?: boolean }) => {
        if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) {
          throw new UsageError(`--since is not an RFC 3339 time: ${opts.since}`);
        }
        requireOutputFolder('--out', opts.out);
        await withStores(opts, async ({ store }) => {
          const out = opts.out === '-' ? process.stdout : createWriteStream(opts.out);
          const total = await store.countExchanges();
          const progress = terminalProgress('export', opts.quiet);
          const n = await exportExchanges(store, out, opts.since, (done) => progress.update(done, total));
          progress.stop();
          if (out !== process.stdout) {
            out.end();
            await once(out, 'finish');
          }
          process.stderr.write(`exported ${n} exchanges to ${opts.out}\n`);
        });
      }),
    );
}
