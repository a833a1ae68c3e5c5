/**
 * `hydrawatch eval DIR [--report F] [--no-clusters] [--ablate KIND]... [--json]`: detection metrics of a scan report
 * against the ground truth of a simulator output directory. Scans DIR itself when no report is given. Output rule: on
 * a terminal, a table on stdout; with `--json`, or when stdout is not a terminal (a pipe, a file), the metrics as
 * JSON on stdout (scripts keep working) and the table on stderr unless `--quiet`. With --ablate, the ablation table
 * on stdout (JSON with --json).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { runCommand, UsageError } from './run-command.js';
import { requireInputFile } from './cli-paths.js';
import { terminalProgress } from './progress.js';
import { evaluateDir, readReport, simDirFiles } from '../sim/eval/evaluate.js';
import { formatMetricsTable } from '../sim/eval/table.js';
import { ABLATIONS, parseAblation, type Ablation } from '../sim/eval/ablate.js';
import { ablationStudy, formatAblationTable } from '../sim/eval/ablation-study.js';
import { scanLog } from '../detect/scan.js';
import { collectFiles, loadEvalItemsOption } from './eval-items.js';

interface EvalFlags {
  report?: string;
  clusters: boolean;
  ablate: Ablation[][];
  json?: boolean;
  quiet?: boolean;
  evalItems: string[];
}

const collectAblation = (value: string, previous: Ablation[][]): Ablation[][] => {
  try {
    return [...previous, parseAblation(value)];
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
};

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('detection metrics (precision, recall, FPR per segment, leakage, time to detect, ARI, pivot latency) against DIR/labels.jsonl')
    .argument('<dir>', 'a `simulate` output directory')
    .option('--report <file>', 'a scan report (default: scan DIR/exchanges.jsonl now)')
    .option('--no-clusters', 'scan with per-account scoring alone (no cluster layer); with --ablate, every variant so')
    .option('--ablate <kind>', `re-scan with this evidence removed and print the ablation table (${ABLATIONS.join(', ')}; repeatable; "payment,addresses" removes both at once)`, collectAblation, [])
    .option('--json', 'the metrics (with --ablate, the ablation table) as JSON on stdout; the default for the metrics when stdout is not a terminal')
    .option('--eval-items <file>', 'your registered benchmark items (hydrawatch eval-items add --out F); repeatable', collectFiles, [])
    .option('--quiet', 'no progress or table on stderr')
    .action(
      runCommand(async (dir: string, flags: EvalFlags) => {
        if (!existsSync(dir)) throw new UsageError(`no such directory: ${dir}`);
        if (flags.report) requireInputFile('--report', flags.report);
        const files = simDirFiles(dir);
        const evalItems = loadEvalItemsOption(flags.evalItems);
        if (flags.ablate.length > 0) {
          if (flags.report) throw new UsageError('--ablate re-scans DIR itself: it cannot take --report');
          const progress = terminalProgress('ablation', flags.quiet);
          const total = flags.ablate.length + 2;
          let done = 0;
          const study = await ablationStudy(dir, { variants: flags.ablate, floor: true, clusters: flags.clusters, evalItems, onVariant: (v) => progress.update(done++, total, `scanning ${v}`) });
          progress.stop();
          process.stdout.write(flags.json ? `${JSON.stringify({ dir: study.dir, rows: study.rows }, null, 2)}\n` : formatAblationTable(study));
          return;
        }
        let report;
        if (flags.report) report = readReport(flags.report);
        else {
          const progress = terminalProgress('scan', flags.quiet);
          let bad = 0;
          report = await scanLog({
            log: files.exchanges,
            accounts: existsSync(files.accounts) ? files.accounts : undefined,
            releases: files.releases,
            clusters: flags.clusters,
            evalItems,
            progress,
            onBadLine: () => void bad++,
          });
          progress.stop();
          if (bad > 0 && !flags.quiet) process.stderr.write(`${bad} bad lines skipped\n`);
        }
        const metrics = await evaluateDir(dir, report);
        if (!flags.json && process.stdout.isTTY) process.stdout.write(formatMetricsTable(metrics));
        else {
          process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
          if (!flags.quiet) process.stderr.write(formatMetricsTable(metrics));
        }
      }),
    );
}
