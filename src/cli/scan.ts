/**
 * `hydrawatch scan LOG [--accounts F] [--releases F] [--out F] [--html F] [--quiet]`: offline detection over an
 * exchange log of any size. Bad lines go to stderr with their file and line numbers, are counted and skipped; a run
 * with no valid exchange, or an attribute file with no valid record, fails (exit 1).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { scanLogStreamed, type ScanOptions } from '../detect/scan.js';
import type { Verdict } from '../detect/report.js';
import { renderHtmlReport } from '../detect/html/render.js';
import { writeReportJson } from '../detect/report-json.js';
import { Watchlist } from '../detect/watchlist.js';
import { sharingKeyFromEnv } from '../intel/sharing-key.js';
import { readWatchSource } from '../intel/watchlist-file.js';
import { badLinePrinter } from './bad-line-printer.js';
import { collectFiles, loadEvalItemsOption } from './eval-items.js';
import { terminalProgress } from './progress.js';
import { runCommand, UsageError } from './run-command.js';
import { requireInputFile, requireOutputFolder } from './cli-paths.js';

interface ScanFlags {
  accounts?: string;
  releases?: string;
  out?: string;
  html?: string;
  quiet?: boolean;
  clusterRefresh?: string;
  clusters?: boolean;
  intel?: string;
  evalItems: string[];
}

/** Bad lines printed one by one up to this many; the rest are only counted. */
const MAX_PRINTED_BAD_LINES = 100;

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('offline detection over an exchange log (JSONL, .gz, or - for stdin); writes the scan report')
    .argument('<log>', 'exchange log (format: docs/formats.md#exchange-log)')
    .option('--accounts <file>', 'accounts JSONL (docs/formats.md#accounts-file)')
    .option('--releases <file>', 'model releases JSONL (docs/formats.md#releases-file)')
    .option('--out <file>', 'write the JSON report here (default: stdout); its folder must exist')
    .option('--html <file>', 'also write a self-contained HTML report; its folder must exist')
    .option('--cluster-refresh <minutes>', 'log-time minutes between cluster refreshes', '30')
    .option('--no-clusters', 'per-account detection only')
    .option('--intel <file>', 'indicators shared by other providers: a STIX 2.1 bundle or a saved watchlist (HYDRAWATCH_INTEL_KEY to match keyed fingerprints)')
    .option('--eval-items <file>', 'your registered benchmark items (hydrawatch eval-items add --out F); repeatable', collectFiles, [])
    .option('--quiet', 'no progress on stderr')
    .action(
      runCommand(async (log: string, flags: ScanFlags) => {
        requireInputFile('log', log);
        if (flags.accounts) requireInputFile('--accounts', flags.accounts);
        if (flags.releases) requireInputFile('--releases', flags.releases);
        if (flags.intel) requireInputFile('--intel', flags.intel);
        if (flags.out) requireOutputFolder('--out', flags.out);
        if (flags.html) requireOutputFolder('--html', flags.html);
        const evalItems = loadEvalItemsOption(flags.evalItems);
        const minutes = Number(flags.clusterRefresh);
        if (!(minutes > 0)) throw new UsageError(`--cluster-refresh must be a positive number of minutes, got ${flags.clusterRefresh}`);
        const printer = badLinePrinter(MAX_PRINTED_BAD_LINES, log === '-' ? 'stdin' : log);
        // Bad lines per file: the log's under '', the attribute files' under their paths.
        const bad = new Map<string, number>();
        // A .gz log is counted in lines read (its decompressed size is unknown), any other in bytes read.
        const progress = terminalProgress('scan', flags.quiet, log.endsWith('.gz') ? 'lines' : 'bytes');
        const options: ScanOptions = {
          log,
          accounts: flags.accounts,
          releases: flags.releases,
          clusterRefreshMinutes: minutes,
          clusters: flags.clusters,
          watchlist: flags.intel ? new Watchlist(readWatchSource(flags.intel, -Infinity), sharingKeyFromEnv()) : undefined,
          evalItems,
          progress,
          onBadLine: (b) => {
            bad.set(b.file ?? '', (bad.get(b.file ?? '') ?? 0) + 1);
            printer.onBadLine(b);
          },
        };
        // The account entries are built one at a time as the report is written (and again for the HTML report).
        await scanLogStreamed(options, async ({ report, engine }) => {
          printer.finish();
          await writeReportJson(report, flags.out ?? null);
          if (flags.html) await writeFile(flags.html, renderHtmlReport(report, engine));
          if (!flags.quiet) {
            const count = (v: Verdict) => report.accounts.count(v);
            const badAttributes = [...bad].filter(([file]) => file !== '').map(([file, n]) => `, ${n} bad lines in ${file}`);
            process.stderr.write(
              `scanned ${report.input.exchanges} exchanges from ${report.input.accounts} accounts (${report.input.bad_lines} bad log lines${badAttributes.join('')}): ` +
                `${count('distillation')} distillation, ${count('suspicious')} suspicious, ${report.clusters.length} clusters\n`,
            );
          }
        });
      }),
    );
}
