/**
 * `hydrawatch intel export --format stix --out F --report R --log L [--accounts A]` and `hydrawatch intel import F`:
 * share the campaigns a scan found with other providers as STIX 2.1, and take theirs in as a watchlist.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportCampaigns } from '../intel/export-campaigns.js';
import { INTEL_KEY_ENV, sharingKeyFromEnv } from '../intel/sharing-key.js';
import { importBundle } from '../intel/stix-import.js';
import { isTlpLevel, TLP_LEVELS } from '../intel/tlp.js';
import { mergeWatchlist, readWatchlist, watchlistPath, writeWatchlist } from '../intel/watchlist-file.js';
import { defaultDataDir } from '../store/database.js';
import { runCommand, UsageError } from './run-command.js';

interface ExportFlags {
  format: string;
  out: string;
  report: string;
  log: string;
  accounts?: string;
  producer: string;
  tlp: string;
  validDays: string;
}

export function registerIntel(program: Command): void {
  const intel = program.command('intel').description('share campaigns with other providers (STIX 2.1) and import theirs');
  intel
    .command('export')
    .description(`write a STIX 2.1 bundle of the distillation campaigns in a scan report (${INTEL_KEY_ENV} adds keyed template and payment fingerprints)`)
    .option('--format <format>', 'only stix', 'stix')
    .requiredOption('--out <file>', 'bundle to write')
    .requiredOption('--report <file>', 'scan report (hydrawatch scan --out)')
    .requiredOption('--log <file>', 'the exchange log the report was made from')
    .option('--accounts <file>', 'accounts JSONL, for salted payment fingerprints')
    .option('--producer <name>', 'your organisation, as the bundle names it', 'Hydrawatch deployment')
    .option('--tlp <level>', `TLP 2.0 marking: ${TLP_LEVELS.join(', ')}`, 'amber')
    .option('--valid-days <n>', 'days the indicators stay valid', '30')
    .action(
      runCommand(async (flags: ExportFlags) => {
        if (flags.format !== 'stix') throw new UsageError(`--format: only stix is supported, got ${flags.format}`);
        if (!isTlpLevel(flags.tlp)) throw new UsageError(`--tlp must be one of ${TLP_LEVELS.join(', ')}, got ${flags.tlp}`);
        const validDays = Number(flags.validDays);
        if (!(validDays > 0)) throw new UsageError(`--valid-days must be a positive number, got ${flags.validDays}`);
        for (const [what, file] of [['--report', flags.report], ['--log', flags.log], ['--accounts', flags.accounts]] as const)
          if (file && !existsSync(file)) throw new UsageError(`${what}: no such file: ${file}`);
        const key = sharingKeyFromEnv();
        const result = await exportCampaigns(
          { report: flags.report, log: flags.log, accounts: flags.accounts, onBadLine: () => {} },
          { producer: flags.producer, tlp: flags.tlp, validDays, ...(key ? { key } : {}), now: Date.now() },
        );
        await writeFile(flags.out, `${JSON.stringify(result.bundle, null, 1)}\n`);
        process.stderr.write(
          `wrote ${result.campaigns} campaigns and ${result.indicators} indicators to ${flags.out}` +
            (key ? '\n' : ` (set ${INTEL_KEY_ENV} to include keyed template and payment fingerprints)\n`),
        );
      }),
    );
  intel
    .command('import')
    .description("add a peer's STIX 2.1 bundle to the watchlist that scan --intel and the gateway match against")
    .argument('<bundle>', 'STIX 2.1 bundle (JSON)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand((file: string, flags: { data?: string }) => {
        if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
        }
        const now = Date.now();
        const { entries, skipped } = importBundle(json, now);
        const dir = flags.data ?? defaultDataDir();
        mkdirSync(dir, { recursive: true });
        const path = watchlistPath(dir);
        const merged = mergeWatchlist(readWatchlist(path), entries, now);
        writeWatchlist(path, merged.entries);
        const skippedText = Object.entries(skipped).map(([why, n]) => `${n} ${why}`).join(', ');
        process.stderr.write(
          `${merged.added} indicators added, ${merged.updated} updated, ${merged.expired} expired removed; watchlist holds ${merged.entries.length} (${path})` +
            (skippedText ? `; skipped: ${skippedText}` : '') +
            '\n',
        );
      }),
    );
}
