/**
 * `hydrawatch releases add --model M --released TS` / `releases import FILE` / `releases list`: model releases
 * for model-pivot alerts (a cluster moving its traffic to a new model within hours of its release). Running gateways
 * and workers read them from the store within 10 s (release-follower.ts).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { runCommand, UsageError } from './run-command.js';
import { withStores, type DataOpt } from './stores.js';

export function registerReleases(program: Command): void {
  const releases = program.command('releases').description('model releases, for model-pivot alerts');
  releases
    .command('add')
    .description('record that a model was released at a time (a second add for the same model moves its date)')
    .requiredOption('--model <name>', 'model name as clients request it')
    .requiredOption('--released <ts>', 'RFC 3339 time, e.g. 2026-02-10T00:00:00Z')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt & { model: string; released: string }) => {
        const { releaseSchema } = await import('../exchange/account.js');
        const parsed = releaseSchema.safeParse({ model: opts.model.trim(), released: opts.released });
        if (!parsed.success) throw new UsageError(`--released must be an RFC 3339 time and --model not empty (got ${opts.model} ${opts.released})`);
        const created = await withStores(opts, ({ store }) => store.upsertRelease(parsed.data), { create: true });
        process.stderr.write(`${created ? 'added' : 'updated'} release of ${parsed.data.model} at ${parsed.data.released}\n`);
      }),
    );
  releases
    .command('import')
    .description('record every release of a releases JSONL file ({"model": ..., "released": ...} per line)')
    .argument('<file>', 'releases JSONL (- for stdin)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (file: string, opts: DataOpt) => {
        if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
        const { readJsonlRecords } = await import('../ingest/jsonl-file.js');
        const { releaseSchema } = await import('../exchange/account.js');
        let bad = 0;
        const list = await readJsonlRecords(file, releaseSchema, (b) => {
          bad++;
          process.stderr.write(`line ${b.line}: ${b.error}\n`);
        });
        await withStores(
          opts,
          async ({ store }) => {
            for (const r of list) await store.upsertRelease(r);
          },
          { create: true },
        );
        process.stderr.write(`imported ${list.length} release(s); ${bad} bad line(s) skipped\n`);
        if (bad > 0) process.exitCode = 1;
      }),
    );
  releases
    .command('list')
    .description('print the known releases as JSON lines, oldest first')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt) => {
        await withStores(opts, async ({ store }) => {
          for (const r of await store.listReleases()) process.stdout.write(`${JSON.stringify(r)}\n`);
        });
      }),
    );
}
