/**
 * `hydrawatch intel export --format stix --out F --report R --log L [--accounts A]`, `hydrawatch intel import F` and
 * `hydrawatch intel pull --from URL --collection ID [--every 15m]`: share the campaigns a scan found with other
 * providers as STIX 2.1, and take theirs in as a watchlist, from a file or by polling their TAXII server.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportCampaigns } from '../intel/export-campaigns.js';
import { INTEL_KEY_ENV, sharingKeyFromEnv } from '../intel/sharing-key.js';
import { isTlpLevel, TLP_LEVELS } from '../intel/tlp.js';
import { importIntoWatchlist } from '../intel/watchlist-file.js';
import { defaultDataDir } from '../store/database.js';
import { parseDuration } from '../decide/duration.js';
import { requireInputFile, requireOutputFolder } from './cli-paths.js';
import { runCommand, UsageError } from './run-command.js';
import { withStores } from './stores.js';

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

/** Where `intel pull` finds the credential for the peer's TAXII server. */
const PEER_ENV = { token: 'HYDRAWATCH_TAXII_PEER_TOKEN', username: 'HYDRAWATCH_TAXII_PEER_USER', password: 'HYDRAWATCH_TAXII_PEER_PASSWORD' };

const skippedText = (skipped: Record<string, number>) => {
  const text = Object.entries(skipped).map(([why, n]) => `${n} ${why}`).join(', ');
  return text ? `; skipped: ${text}` : '';
};

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
    .command('pull')
    .description(`poll a peer's TAXII 2.1 collection into the watchlist (credential: ${PEER_ENV.token}, or ${PEER_ENV.username} and ${PEER_ENV.password})`)
    .requiredOption('--from <url>', "the peer's TAXII API root, e.g. https://taxii.peer.example/taxii2/hydrawatch/")
    .requiredOption('--collection <id>', 'collection id (or alias on a Hydrawatch server: indicators)')
    .option('--every <duration>', 'keep polling at this interval (e.g. 15m) until interrupted')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (flags: { from: string; collection: string; every?: string; data?: string }) => {
        if (!/^https?:\/\//.test(flags.from)) throw new UsageError(`--from must be an http:// or https:// URL, got ${flags.from}`);
        let everyMs: number | null = null;
        if (flags.every !== undefined) {
          try {
            everyMs = parseDuration(flags.every);
          } catch (err) {
            throw new UsageError(`--every: ${(err as Error).message}`);
          }
        }
        const peer = {
          url: flags.from,
          collection: flags.collection,
          credentials: { token: process.env[PEER_ENV.token], username: process.env[PEER_ENV.username], password: process.env[PEER_ENV.password] },
        };
        const { openTaxiiStore } = await import('../intel/taxii/open-taxii-store.js');
        const { pullFromPeer } = await import('../intel/taxii/peer-pull.js');
        const { untilSignal } = await import('./serve.js');
        const stopped = everyMs === null ? null : untilSignal();
        await withStores(
          flags,
          async (stores) => {
            const store = await openTaxiiStore(stores);
            const dataDir = flags.data ?? defaultDataDir();
            for (;;) {
              const r = await pullFromPeer(peer, { store, dataDir, now: Date.now() });
              process.stderr.write(
                `${new Date().toISOString()} ${r.peer}: ${r.objects} objects; ${r.added} indicators added, ${r.updated} updated, ${r.expired} expired removed; watchlist holds ${r.entries.length}` +
                  `${skippedText(r.skipped)}; next from ${r.cursor ?? 'the start'}\n`,
              );
              if (!stopped) return;
              const sleep = new Promise((resolve) => setTimeout(resolve, everyMs!).unref());
              if ((await Promise.race([stopped, sleep])) !== undefined) return;
            }
          },
          { create: true },
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
        process.stderr.write(
          `${merged.added} indicators added, ${merged.updated} updated, ${merged.expired} expired removed; watchlist holds ${merged.entries.length} (${merged.path})` +
            `${skippedText(merged.skipped)}\n`,
        );
      }),
    );
}
