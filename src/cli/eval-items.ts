/**
 * `hydrawatch eval-items add FILE --set NAME [--field F] [--data DIR | --out F]` and `hydrawatch eval-items list
 * [--data DIR | --file F]`: register the provider's own benchmark item sets, so that accounts whose traffic is mostly
 * those items are recognised as evaluation (docs/detection.md). Only fingerprints are stored, never the items' text.
 * The gateway reads `<data>/eval-items.jsonl` at start; `scan` and `eval` take the file with `--eval-items`.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { addEvalItems, checkSetName, evalItemsPath, readEvalItems } from '../detect/eval-items-file.js';
import { EvalItemRegistry } from '../signals/eval-items.js';
import { defaultDataDir } from '../store/database.js';
import { badLinePrinter } from './bad-line-printer.js';
import { requireInputFile, requireOutputFolder } from './cli-paths.js';
import { runCommand, UsageError } from './run-command.js';

/** Bad lines printed one by one up to this many; the rest are only counted. */
const MAX_PRINTED = 20;
const printer = () => badLinePrinter(MAX_PRINTED);

/** The registry of `--eval-items` files for `scan` and `eval` (undefined without any). */
export function loadEvalItemsOption(files: readonly string[]): EvalItemRegistry | undefined {
  if (files.length === 0) return undefined;
  for (const f of files) requireInputFile('--eval-items', f);
  const p = printer();
  const reg = readEvalItems(files, p.onBadLine);
  p.finish();
  return reg;
}

export const collectFiles = (value: string, previous: string[]): string[] => [...previous, value];

export function registerEvalItems(program: Command): void {
  const cmd = program.command('eval-items').description('register your own benchmark item sets (fingerprints only) so evaluation traffic is recognised');
  cmd
    .command('add')
    .description('fingerprint the items of a benchmark file (JSON lines, or plain text with --field line) and register them')
    .argument('<file>', 'benchmark items: JSON lines with the text in `text`, `question`, `prompt`, `input`, `instruction` or `problem`')
    .requiredOption('--set <name>', 'the item set they belong to (e.g. gsm8k-test), shown in reasons')
    .option('--field <name>', 'the JSON field holding the item text; "line" for a plain-text file, one item a line')
    .option('--data <dir>', 'data directory whose eval-items.jsonl the gateway reads (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--out <file>', 'append to this file instead (for scan and eval --eval-items)')
    .action(
      runCommand(async (file: string, flags: { set: string; field?: string; data?: string; out?: string }) => {
        requireInputFile('file', file);
        try {
          checkSetName(flags.set);
        } catch (err) {
          throw new UsageError(`--set: ${(err as Error).message}`);
        }
        if (flags.data && flags.out) throw new UsageError('give --data or --out, not both');
        const out = flags.out ?? evalItemsPath(flags.data ?? defaultDataDir());
        requireOutputFolder(flags.out ? '--out' : '--data', out);
        const p = printer();
        const r = await addEvalItems(file, flags.set, out, flags.field ?? null, p.onBadLine);
        p.finish();
        process.stderr.write(
          `registered ${r.added} items of set ${flags.set} in ${out}` +
            (r.tooShort > 0 ? `; ${r.tooShort} too short to recognise (under 4 words)` : '') +
            (r.bad > 0 ? `; ${r.bad} bad lines skipped` : '') +
            '\n',
        );
      }),
    );
  cmd
    .command('list')
    .description('the registered item sets and how many items each holds')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--file <file>', 'an items file instead')
    .action(
      runCommand((flags: { data?: string; file?: string }) => {
        if (flags.data && flags.file) throw new UsageError('give --data or --file, not both');
        const file = flags.file ?? evalItemsPath(flags.data ?? defaultDataDir());
        if (!existsSync(file)) {
          if (flags.file) requireInputFile('--file', file);
          process.stdout.write(`no items registered (${file} does not exist)\n`);
          return;
        }
        const p = printer();
        const reg = readEvalItems([file], p.onBadLine);
        p.finish();
        for (const [set, n] of reg.setSizes()) process.stdout.write(`${set}\t${n}\n`);
      }),
    );
}
