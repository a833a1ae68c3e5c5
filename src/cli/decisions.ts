/**
 * `hydrawatch decisions add|list|lift`: analyst decisions against an account or a whole
 * cluster, recorded with the audit log in the data directory; a running gateway picks them up within a second. Each
 * one added or lifted is announced to the configured alert sinks.
 */
import type { Command } from 'commander';
import { decisionEvent, type DecisionChange } from '../alerts/decision-event.js';
import { ACTIONS, isAction, type Action } from '../decide/actions.js';
import { formatDuration, parseDuration } from '../decide/duration.js';
import type { DecisionRecords } from '../store/decision-records.js';
import type { StoredDecision } from '../store/decisions.js';
import { runCommand, UsageError } from './run-command.js';
import { withStores, type DataOpt } from './stores.js';
import { textTable } from './text-table.js';

/** `create`: `decisions add` may make the data directory (before a gateway's first start); reading needs one. */
async function withDecisions<T>(opts: DataOpt, create: boolean, fn: (store: DecisionRecords) => Promise<T> | T): Promise<T> {
  return withStores(opts, ({ decisions }) => fn(decisions), { create });
}

/**
 * Tells the configured alert sinks (alerts.* / HYDRAWATCH_ALERT_*) about a decision made here, as the gateway does
 * for its own; waits a few seconds at most for delivery, and says on stderr what could not be delivered.
 */
async function announce(opts: DataOpt, d: StoredDecision, change: DecisionChange): Promise<void> {
  const { loadConfig } = await import('../config/config.js');
  const { AlertDispatcher } = await import('../alerts/alert-dispatcher.js');
  const env = { ...process.env, ...(opts.data ? { HYDRAWATCH_DATA: opts.data } : {}) };
  const alerts = AlertDispatcher.fromSettings(
    loadConfig(undefined, env).alerts,
    undefined,
    (sink, _event, reason) => process.stderr.write(`hydrawatch: the ${sink} alert sink did not take the decision: ${reason}\n`),
    { attempts: 3, timeoutMs: 3000 },
  );
  if (alerts.sinkCount === 0) return;
  alerts.emit(decisionEvent(d, change));
  await alerts.close();
}

/** Characters of a reason shown in the table (policy reasons run long; the full text is in --json and the audit log). */
const REASON_COLUMN = 60;
const clip = (text: string, n: number): string => (text.length <= n ? text : `${text.slice(0, n - 1)}…`);

function view(d: StoredDecision, now: number) {
  const state = d.liftedAt !== null ? 'lifted' : d.expiresAt !== null && d.expiresAt <= now ? 'expired' : 'active';
  return {
    id: d.id,
    state,
    target: `${d.target.kind}:${d.target.id}`,
    action: d.action,
    reason: d.reason,
    source: d.source,
    rule: d.rule,
    evidence: d.evidence,
    actor: d.actor,
    created: new Date(d.createdAt).toISOString(),
    expires: d.expiresAt === null ? null : new Date(d.expiresAt).toISOString(),
    lifted: d.liftedAt === null ? null : new Date(d.liftedAt).toISOString(),
  };
}

export function registerDecisions(program: Command): void {
  const decisions = program.command('decisions').description('analyst enforcement decisions (add, list, lift)');
  decisions
    .command('add')
    .description('record a decision against an account or a whole cluster; prints its id on stdout')
    .option('--account <id>', 'the account it applies to')
    .option('--cluster <id>', 'the cluster it applies to (every account in it)')
    .requiredOption('--action <action>', `one of ${ACTIONS.join(', ')}`)
    .option('--ttl <duration>', 'how long it lasts, e.g. 30m, 24h, 7d (default: until lifted)')
    .option('--reason <text>', 'why (goes to the audit log)', 'analyst decision')
    .option('--evidence <url>', 'link to the evidence')
    .option('--actor <name>', 'who decides (goes to the audit log)', process.env.USER ? `analyst:${process.env.USER}` : 'cli')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--json', 'print the whole decision as JSON')
    .action(
      runCommand(
        async (
          opts: DataOpt & { account?: string; cluster?: string; action: string; ttl?: string; reason: string; evidence?: string; actor: string; json?: boolean },
        ) => {
          if (Boolean(opts.account) === Boolean(opts.cluster)) throw new UsageError('give exactly one of --account ID or --cluster ID');
          if (!isAction(opts.action)) throw new UsageError(`--action must be one of ${ACTIONS.join(', ')}, got "${opts.action}"`);
          let ttlMs: number | null = null;
          if (opts.ttl !== undefined) {
            try {
              ttlMs = parseDuration(opts.ttl);
            } catch (err) {
              throw new UsageError(`--ttl: ${(err as Error).message}`);
            }
          }
          const d = await withDecisions(opts, true, (store) =>
            store.add({
              target: opts.account ? { kind: 'account', id: opts.account } : { kind: 'cluster', id: opts.cluster! },
              action: opts.action as Action,
              reason: opts.reason,
              evidence: opts.evidence ?? null,
              ttlMs,
              actor: opts.actor,
            }),
          );
          process.stderr.write(
            `${d.action} ${d.target.kind} ${d.target.id}${ttlMs ? ` for ${formatDuration(ttlMs)}` : ' until lifted'} (${d.id})\n`,
          );
          await announce(opts, d, 'added');
          process.stdout.write(opts.json ? `${JSON.stringify(view(d, Date.now()))}\n` : `${d.id}\n`);
        },
      ),
    );
  decisions
    .command('list')
    .description('decisions, newest first (active ones only unless --all): a table on a terminal, else JSON lines')
    .option('--all', 'include lifted and expired decisions')
    .option('--json', 'JSON lines, one decision each (the default when stdout is not a terminal)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (opts: DataOpt & { all?: boolean; json?: boolean }) => {
        const now = Date.now();
        const list = (await withDecisions(opts, false, (store) => (opts.all ? store.list() : store.activeAt(now)))).map((d) => view(d, now));
        if (!opts.json && process.stdout.isTTY) {
          const rows = [['id', 'state', 'target', 'action', 'source', 'created', 'expires', 'reason']];
          for (const d of list) rows.push([d.id, d.state, d.target, d.action, d.source, d.created, d.expires ?? 'until lifted', clip(d.reason, REASON_COLUMN)]);
          if (list.length > 0) process.stdout.write(`${textTable(rows)}\n`);
        } else for (const d of list) process.stdout.write(`${JSON.stringify(d)}\n`);
        process.stderr.write(`${list.length} decision(s)\n`);
      }),
    );
  decisions
    .command('lift')
    .description('lift an active decision')
    .argument('<id>', 'decision id (from `decisions add` or `decisions list`)')
    .option('--reason <text>', 'why it is lifted (goes to the audit log)')
    .option('--actor <name>', 'who lifts it', process.env.USER ? `analyst:${process.env.USER}` : 'cli')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .action(
      runCommand(async (id: string, opts: DataOpt & { reason?: string; actor: string }) => {
        const lifted = await withDecisions(opts, false, (store) => store.lift(id, { actor: opts.actor, ...(opts.reason ? { reason: opts.reason } : {}) }));
        if (!lifted) throw new Error(`no active decision with id ${id}`);
        process.stderr.write(`lifted ${lifted.action} on ${lifted.target.kind} ${lifted.target.id}\n`);
        await announce(opts, lifted, 'lifted');
      }),
    );
}
