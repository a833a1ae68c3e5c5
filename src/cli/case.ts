/**
 * `hydrawatch case export --cluster ID | --account ID --out DIR [--redact]` and `hydrawatch case verify DIR`: the
 * evidence bundle of one case for a third party (docs/cases.md), and its check (exit 1 when anything was altered).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scanReportSchema } from '../detect/report.js';
import { requireInputFile } from './cli-paths.js';
import { runCommand, UsageError } from './run-command.js';
import { withStores, type DataOpt } from './stores.js';

interface ExportFlags extends DataOpt {
  cluster?: string;
  account?: string;
  out: string;
  redact?: boolean;
  report?: string;
  alerts?: string;
}

/** A cluster's members: from a scan report, else from the campaign alerts that named it. */
function clusterMembers(id: string, report: string | undefined, alertsFile: string | undefined): string[] {
  if (report) {
    requireInputFile('--report', report);
    const parsed = scanReportSchema.safeParse(JSON.parse(readFileSync(report, 'utf8')));
    if (!parsed.success) throw new UsageError(`--report ${report}: not a scan report`);
    const cluster = parsed.data.clusters.find((c) => c.id === id);
    if (!cluster) throw new UsageError(`--report ${report} has no cluster ${id}`);
    return cluster.accounts;
  }
  const members = new Set<string>();
  if (alertsFile && existsSync(alertsFile))
    for (const line of readFileSync(alertsFile, 'utf8').split('\n')) {
      if (!line.includes(id)) continue;
      try {
        const e = JSON.parse(line) as { cluster?: string; accounts?: string[] };
        if (e.cluster === id) for (const a of e.accounts ?? []) members.add(a);
      } catch {
        // A torn line of the alert file names nobody.
      }
    }
  if (members.size === 0) throw new UsageError(`cluster ${id}: no members known from the alert file; give --report with the scan report that found it`);
  return [...members];
}

export function registerCase(program: Command): void {
  const kase = program.command('case').description('evidence bundles a third party can check');
  kase
    .command('export')
    .description("write one case's exchanges, decisions, alerts and audit-chain proof with a SHA-256 manifest; prints the manifest's SHA-256")
    .option('--account <id>', 'the account the case is about')
    .option('--cluster <id>', 'the cluster the case is about (members from --report, else from the alert file)')
    .requiredOption('--out <dir>', 'folder to create (must not exist or be empty)')
    .option('--redact', 'replace prompt and answer texts with their SHA-256 and length')
    .option('--report <file>', 'scan report holding the cluster')
    .option('--alerts <file>', 'JSON-lines alert file (default: alerts.file / HYDRAWATCH_ALERT_FILE)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (flags: ExportFlags) => {
        if (Boolean(flags.account) === Boolean(flags.cluster)) throw new UsageError('give exactly one of --account ID or --cluster ID');
        if (existsSync(flags.out) && readdirSync(flags.out).length > 0) throw new UsageError(`--out ${flags.out} exists and is not empty`);
        const { loadConfig } = await import('../config/config.js');
        const alertsFile = flags.alerts ?? loadConfig(undefined, process.env).alerts.file;
        const target = flags.account ? { kind: 'account' as const, id: flags.account } : { kind: 'cluster' as const, id: flags.cluster! };
        const accounts = target.kind === 'account' ? [target.id] : clusterMembers(target.id, flags.report, alertsFile);
        const { exportCase } = await import('../intel/case/case-export.js');
        const result = await withStores(flags, ({ store, decisions }) =>
          exportCase({
            target,
            accounts,
            store,
            decisions,
            ...(alertsFile ? { alertsFile } : {}),
            redact: flags.redact === true,
            out: flags.out,
            now: Date.now(),
            onProgress: (n) => process.stderr.write(`${n.toLocaleString('en-US')} exchanges of the case written\n`),
          }),
        );
        process.stderr.write(
          `case ${target.kind} ${target.id} (${accounts.length} account${accounts.length === 1 ? '' : 's'}) in ${flags.out}: ${result.exchanges} exchanges${flags.redact ? ' (redacted)' : ''}, ` +
            `${result.decisions} decisions, ${result.alerts} alerts, ${result.auditEntries} audit entries; give the recipient the manifest's SHA-256 apart from the bundle:\n`,
        );
        process.stdout.write(`${result.manifestSha256}\n`);
      }),
    );
  kase
    .command('verify')
    .description('re-hash every file of a case bundle and re-check its audit-chain proof; exit 1 when anything was altered')
    .argument('<dir>', 'the case bundle folder')
    .action(
      runCommand(async (dir: string) => {
        if (!existsSync(dir)) throw new UsageError(`${dir}: no such folder`);
        const { verifyCase } = await import('../intel/case/case-verify.js');
        const v = verifyCase(dir);
        process.stdout.write(`${JSON.stringify(v)}\n`);
        if (!v.ok) throw new Error(`case bundle ${dir} does not verify:\n  ${v.problems.join('\n  ')}`);
        process.stderr.write(
          `case bundle intact: manifest SHA-256 ${v.manifestSha256}; audit proof arrives at entry ${v.head!.seq} (${v.head!.hash}). ` +
            'Compare both with what the provider gave you apart from the bundle.\n',
        );
      }),
    );
}
