/**
 * `hydrawatch watermark verify TEXTS.jsonl` (README, Commands): tests texts for our watermark and names the
 * most likely source account. Candidates: the accounts known to the data directory's database (and accounts with
 * decisions), plus any `--accounts` file (docs/formats.md, accounts file) or `--account` ids. The master secret comes from
 * `HYDRAWATCH_WATERMARK_SECRET` or the data directory. `watermark apply` marks text for one account (for checks).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readLines } from '../ingest/lines.js';
import { runCommand, UsageError } from './run-command.js';

interface DataOpt {
  data?: string;
}

/** One text per line: a JSON string or an object with a string `text`. */
async function readTexts(path: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const { line: number, text: line } of readLines(path)) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${number}: not valid JSON`);
    }
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string')
      texts.push((value as { text: string }).text);
    else throw new UsageError(`${path}:${number}: expected a JSON string or {"text": ...}`);
  }
  return texts;
}

async function knownAccounts(dataDir: string): Promise<string[]> {
  const ids = new Set<string>();
  const { openDatabase } = await import('../store/database.js');
  const db = openDatabase(dataDir);
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    if (tables.has('accounts')) for (const id of db.prepare('SELECT id FROM accounts').pluck().all() as string[]) ids.add(id);
    if (tables.has('decisions'))
      for (const id of db.prepare("SELECT DISTINCT target_id FROM decisions WHERE target_kind = 'account'").pluck().all() as string[])
        ids.add(id);
  } finally {
    db.close();
  }
  return [...ids];
}

function accountsFile(path: string): string[] {
  const ids: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const id = (JSON.parse(line) as { id?: unknown }).id;
        if (typeof id !== 'string' || !id) throw new Error();
        ids.push(id);
      } catch {
        throw new UsageError(`${path}:${i + 1}: expected an account object with a string "id"`);
      }
    });
  return ids;
}

export function registerWatermark(program: Command): void {
  const wm = program.command('watermark').description('keyed lexical watermark of served text');
  wm.command('verify')
    .description('hypothesis test for our watermark in texts; prints JSON with z, p and the most likely account')
    .argument('<texts>', 'JSONL file: one JSON string or {"text": ...} per line (- for stdin)')
    .option('--accounts <file>', 'accounts JSONL (docs/formats.md, accounts file) to test as candidates')
    .option('--account <id...>', 'account ids to test as candidates')
    .option('--no-db', 'do not take candidates from the data directory database')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--top <n>', 'how many candidates to list', '5')
    .action(
      runCommand(async (path: string, opts: DataOpt & { accounts?: string; account?: string[]; db: boolean; top: string }) => {
        const { defaultDataDir } = await import('../store/database.js');
        const { deriveAccountKey, loadWatermarkSecret, verifyWatermark } = await import('../protect/watermark/index.js');
        const dataDir = opts.data ?? defaultDataDir();
        const ids = new Set<string>(opts.account ?? []);
        if (opts.accounts) for (const id of accountsFile(opts.accounts)) ids.add(id);
        if (opts.db) for (const id of await knownAccounts(dataDir)) ids.add(id);
        if (ids.size === 0) throw new UsageError('no candidate accounts: give --accounts FILE or --account ID, or run where the gateway data is');
        const texts = await readTexts(path);
        const secret = loadWatermarkSecret(dataDir);
        const verdict = verifyWatermark(
          texts,
          [...ids].map((account) => ({ account, key: deriveAccountKey(secret, account) })),
        );
        const top = Math.max(0, Number(opts.top) || 0);
        process.stdout.write(
          `${JSON.stringify({
            z: verdict.z,
            p: verdict.p,
            account: verdict.account,
            texts: texts.length,
            sites: verdict.sites,
            candidates: ids.size,
            top: verdict.candidates
              .slice(0, top)
              .map(({ account, z, p, markP, canaryHits, canaryP }) => ({ account, z, p, words_forms_p: markP, canary_names: canaryHits, canary_p: canaryP })),
          })}\n`,
        );
      }),
    );
  wm.command('apply')
    .description('watermark texts for one account (JSONL in, JSONL of {"text"} out): for checks and experiments')
    .argument('<texts>', 'JSONL file: one JSON string or {"text": ...} per line (- for stdin)')
    .requiredOption('--account <id>', 'the account whose key marks the text')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (path: string, opts: DataOpt & { account: string }) => {
        const { defaultDataDir } = await import('../store/database.js');
        const { deriveAccountKey, loadWatermarkSecret, watermarkText } = await import('../protect/watermark/index.js');
        const key = deriveAccountKey(loadWatermarkSecret(opts.data ?? defaultDataDir()), opts.account);
        for (const text of await readTexts(path)) process.stdout.write(`${JSON.stringify({ text: watermarkText(text, key) })}\n`);
      }),
    );
}
