/**
 * `hydrawatch intel export --format stix --out F --report R --log L [--accounts A]` and `hydrawatch intel import F`:
 * share the campaigns a scan found with other providers as STIX 2.1, and take theirs in as a watchlist.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportCampaigns } from '../intel/export-campaigns.js';
import { INTEL_KEY_ENV, sharingKeyFromEnv } from '../intel/sharing-key.js';
import { isTlpLevel, TLP_LEVELS } from '../intel/tlp.js';
import { importIntoWatchlist } from '../intel/watchlist-file.js';
import { defaultDataDir } from '../store/database.js';
import { requireInputFile, requireOutputFolder } from './cli-paths.js';
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
        requireInputFile('--report', flags.report);
        requireInputFile('--log', flags.log);
        if (flags.accounts) requireInputFile('--accounts', flags.accounts);
        requireOutputFolder('--out', flags.out);
        const key = sharingKeyFromEnv();
        const result = await exportCampaigns(
          { report: flags.report, log: flags.log, accounts: flags.accounts, onBadLine: (b) => process.stderr.write(`line ${b.line}: ${b.error}\n`) },
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
        requireInputFile('bundle', file);
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
        }
        const merged = importIntoWatchlist(flags.data ?? defaultDataDir(), json, Date.now());
        const skippedText = Object.entries(merged.skipped).map(([why, n]) => `${n} ${why}`).join(', ');
        process.stderr.write(
          `${merged.added} indicators added, ${merged.updated} updated, ${merged.expired} expired removed; watchlist holds ${merged.entries.length} (${merged.path})` +
            (skippedText ? `; skipped: ${skippedText}` : '') +
            '\n',
        );
      }),
    );
}
