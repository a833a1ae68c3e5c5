/**
 * `hydrawatch scan LOG [--accounts F] [--releases F] [--out F] [--html F] [--quiet]`: offline detection over an
 * exchange log of any size (CONTRACT.md section 6). Bad lines go to stderr with their line numbers and are skipped.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { scanLogWithEngine } from '../detect/scan.js';
import { renderHtmlReport } from '../detect/html/render.js';
import { Watchlist } from '../detect/watchlist.js';
import { sharingKeyFromEnv } from '../intel/sharing-key.js';
import { readWatchSource } from '../intel/watchlist-file.js';
import { terminalProgress } from './progress.js';
import { runCommand, UsageError } from './run-command.js';

interface ScanFlags {
  accounts?: string;
  releases?: string;
  out?: string;
  html?: string;
  quiet?: boolean;
  clusterRefresh?: string;
  clusters?: boolean;
  intel?: string;
}

/** Bad lines printed one by one up to this many; the rest are only counted. */
const MAX_PRINTED_BAD_LINES = 100;

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('offline detection over an exchange log (JSONL, .gz, or - for stdin); writes the scan report')
    .argument('<log>', 'exchange log (CONTRACT section 1)')
    .option('--accounts <file>', 'accounts JSONL (CONTRACT section 2)')
    .option('--releases <file>', 'model releases JSONL (CONTRACT section 3)')
    .option('--out <file>', 'write the JSON report here (default: stdout)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--cluster-refresh <minutes>', 'log-time minutes between cluster refreshes', '30')
    .option('--no-clusters', 'per-account detection only')
    .option('--intel <file>', 'indicators shared by other providers: a STIX 2.1 bundle or a saved watchlist (HYDRAWATCH_INTEL_KEY to match keyed fingerprints)')
    .option('--quiet', 'no progress on stderr')
    .action(
      runCommand(async (log: string, flags: ScanFlags) => {
        for (const [what, file] of [['log', log], ['--accounts', flags.accounts], ['--releases', flags.releases], ['--intel', flags.intel]] as const)
          if (file && file !== '-' && !existsSync(file)) throw new UsageError(`${what}: no such file: ${file}`);
        const minutes = Number(flags.clusterRefresh);
        if (!(minutes > 0)) throw new UsageError(`--cluster-refresh must be a positive number of minutes, got ${flags.clusterRefresh}`);
        let printed = 0;
        let bad = 0;
        const progress = terminalProgress('scan', flags.quiet);
        const { report, engine } = await scanLogWithEngine({
          log,
          accounts: flags.accounts,
          releases: flags.releases,
          clusterRefreshMinutes: minutes,
          clusters: flags.clusters,
          watchlist: flags.intel ? new Watchlist(readWatchSource(flags.intel, -Infinity), sharingKeyFromEnv()) : undefined,
          progress,
          onBadLine: (b) => {
            bad++;
            if (printed++ < MAX_PRINTED_BAD_LINES) process.stderr.write(`line ${b.line}: ${b.error}\n`);
          },
        });
        if (bad > MAX_PRINTED_BAD_LINES) process.stderr.write(`... ${bad - MAX_PRINTED_BAD_LINES} more bad lines not shown\n`);
        const json = `${JSON.stringify(report, null, 2)}\n`;
        if (flags.out) await writeFile(flags.out, json);
        else process.stdout.write(json);
        if (flags.html) await writeFile(flags.html, renderHtmlReport(report, engine));
        if (!flags.quiet) {
          const count = (v: string) => report.accounts.filter((a) => a.verdict === v).length;
          process.stderr.write(
            `scanned ${report.input.exchanges} exchanges from ${report.input.accounts} accounts (${report.input.bad_lines} bad lines): ` +
              `${count('distillation')} distillation, ${count('suspicious')} suspicious, ${report.clusters.length} clusters\n`,
          );
        }
      }),
    );
}
