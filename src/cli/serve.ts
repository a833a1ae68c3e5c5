/** `hydrawatch serve`: the gateway in front of a real OpenAI-compatible upstream (configuration in docs/gateway.md). */
import { join } from 'node:path';
import type { Command } from 'commander';
import { AlertDispatcher } from '../alerts/alert-dispatcher.js';
import type { Config } from '../config/config.js';
import type { Policy } from '../decide/policy.js';
import type { Exchange } from '../exchange/exchange.js';
import { runCommand, UsageError } from './run-command.js';
import { byId } from '../store/store.js';

/** Resolves on SIGINT/SIGTERM (once). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** The `--policy` file, validated (a bad file is a usage error naming every problem), or the shipped default. */
export async function loadPolicyOption(file: string | undefined) {
  const { loadDefaultPolicy, loadPolicyFile, PolicyError } = await import('../decide/policy.js');
  try {
    return file ? loadPolicyFile(file) : loadDefaultPolicy();
  } catch (err) {
    if (err instanceof PolicyError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`policy file not found: ${file}`);
    throw err;
  }
}

/** The built dashboard, or a usage error saying how to build it. */
async function loadDashboard() {
  const { loadDashboardAssets, DashboardNotBuilt } = await import('../gateway/dashboard/static-assets.js');
  try {
    return loadDashboardAssets();
  } catch (err) {
    if (err instanceof DashboardNotBuilt) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Opens the store, starts the gateway and, with a policy, online detection and enforcement on it (`serve` and `demo`).
 * `trustEventTime`: detection follows each exchange's own time (a replay of recorded traffic); `clusterRefreshMs`:
 * real time between cluster refreshes (a fast replay refreshes more often, as many log minutes apart as `scan`).
 */
export async function startGateway(
  config: Config,
  policy: Policy | null,
  options: { trustEventTime?: boolean; clusterRefreshMs?: number; adminToken?: string } = {},
) {
  const adminToken = options.adminToken ?? process.env.HYDRAWATCH_ADMIN_TOKEN;
  // The dashboard comes with online enforcement and an admin token to log in with; its build must be there.
  const assets = policy && adminToken ? await loadDashboard() : null;
  const { openStores } = await import('../store/open-store.js');
  const { Gateway } = await import('../gateway/server.js');
  const { ExchangeRetention } = await import('../store/retention.js');
  const { signalsOnly } = await import('../gateway/privacy.js');
  const stores = await openStores(config);
  const { store } = stores;
  const { exchanges_days: exchangesDays, full_text_days: fullTextDays } = config.retention;
  // Retention purges the embedded archive; a PostgreSQL archive is purged by dropping its day partitions.
  const retention = stores.sqlite ? new ExchangeRetention(stores.sqlite, { exchangesDays, fullTextDays }, signalsOnly) : undefined;
  const gateway = new Gateway({ config, store, trustEventTime: options.trustEventTime, ...(retention ? { retention } : {}) });
  const alerts = AlertDispatcher.fromSettings(config.alerts, gateway.metrics.registry, (sink, event, reason) =>
    gateway.core.log.warn({ sink, alert: event.id, kind: event.kind, reason }, 'alert not delivered'),
  );
  let online = null;
  let shared = null;
  let publisher = null;
  if (config.stream.nats_url) {
    const { ExchangeStreamPublisher } = await import('../ingest/stream-publisher.js');
    publisher = new ExchangeStreamPublisher({
      url: config.stream.nats_url,
      name: config.stream.name,
      subjectPrefix: config.stream.subject_prefix,
      partitions: config.stream.partitions,
      spoolDir: join(config.data.dir, 'spool'),
      spoolMaxBytes: config.stream.spool_max_bytes,
      flushMs: config.recorder.flush_ms,
      log: (level, message) => gateway.core.log[level](message),
    });
    if (!policy) gateway.setTap((ex) => publisher!.publish(ex));
  }
  if (policy) {
    if (config.redis.url) {
      const { SharedHotState } = await import('../gateway/shared/hot-state.js');
      shared = new SharedHotState({
        url: config.redis.url,
        prefix: config.redis.key_prefix,
        onFailure: config.redis.on_failure,
        log: (level, message) => gateway.core.log[level](message),
      });
    }
    // Online detection starts knowing what `scan --accounts --releases` would: the stored registry and releases.
    const registry = await store.accountsUpdatedSince(0);
    const accounts = new Map(byId(registry.accounts).map((a) => [a.id, a] as const));
    const releases = await store.listReleases();
    online = (await import('../gateway/enforcement/online-enforcement.js')).attachOnlineEnforcement({
      gateway,
      adminToken,
      ...(assets ? { dashboard: { assets, store, labelsFile: join(config.data.dir, 'labels.jsonl') } } : {}),
      ...(stores.sqlite ? { db: stores.sqlite } : { decisions: stores.decisions }),
      accounts,
      accountsSince: registry.latest,
      releases,
      store,
      ...(shared ? { shared } : {}),
      // With an exchange stream, detection runs in `hydrawatch worker`; this gateway enforces what they decide.
      ...(publisher
        ? { detection: false, publish: (ex: Exchange) => publisher.publish(ex), evidence: (kind, id) => publisher.evidence({ kind, id }) }
        : {}),
      policy,
      dataDir: config.data.dir,
      clusterRefreshMs: options.clusterRefreshMs,
      watchlist: true,
      archive: { store: config.store, data: config.data },
      alerts,
    });
  }
  const { startTaxiiService } = await import('../intel/taxii/taxii-service.js');
  const taxii = await startTaxiiService({
    app: gateway.app,
    stores,
    settings: config.taxii,
    dataDir: config.data.dir,
    // Only a gateway that detects knows campaigns to publish (in cluster mode the workers do).
    ...(online && !publisher ? { detection: { clusters: () => online!.detection?.currentClusters() ?? [], accounts: online.accounts } } : {}),
    onWatchlistChanged: () => online?.detection?.reloadWatchlist(),
    log: (level, message) => gateway.core.log[level](message),
  });
  let url: string;
  try {
    await online?.started;
    url = await gateway.listen();
  } catch (err) {
    // Release what was opened, so the process can exit with the error instead of hanging.
    taxii.close();
    await online?.close();
    await gateway.close().catch(() => {});
    await alerts.close();
    await publisher?.close();
    await shared?.close();
    await stores.close();
    const { code } = err as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE') throw new Error(`port ${config.server.port} on ${config.server.host} is in use (choose another with --port or HYDRAWATCH_PORT)`);
    throw err;
  }
  return { store, stores, gateway, online, shared, publisher, alerts, taxii, url };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway in front of an OpenAI-compatible upstream (HYDRAWATCH_UPSTREAM_URL or the config file)')
    .option('-c, --config <file>', 'YAML configuration file (HYDRAWATCH_* variables override it)')
    .option('--upstream <url>', 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1')
    .option('--port <n>', 'port to listen on (HYDRAWATCH_PORT, default 8080)')
    .option('--host <addr>', 'address to listen on (HYDRAWATCH_HOST, default 127.0.0.1)')
    .option('--data <dir>', 'data directory (HYDRAWATCH_DATA, default ./.hydrawatch)')
    .option('--policy <file>', 'enforcement policy YAML (default: the shipped policies/default.yaml)')
    .option('--no-enforce', 'record only: no online detection, no enforcement, no admin API')
    .action(
      runCommand(async (opts: { config?: string; upstream?: string; port?: string; host?: string; data?: string; policy?: string; enforce: boolean }) => {
        const env = { ...process.env };
        if (opts.upstream) env.HYDRAWATCH_UPSTREAM_URL = opts.upstream;
        if (opts.port) env.HYDRAWATCH_PORT = opts.port;
        if (opts.host) env.HYDRAWATCH_HOST = opts.host;
        if (opts.data) env.HYDRAWATCH_DATA = opts.data;
        const { loadConfig } = await import('../config/config.js');
        const config = loadConfig(opts.config, env);
        if (!config.upstream.url) {
          throw new UsageError('no upstream: set HYDRAWATCH_UPSTREAM_URL, --upstream, or upstream.url in --config');
        }
        const policy = opts.enforce ? await loadPolicyOption(opts.policy) : null;
        const { store, stores, gateway, online, shared, publisher, alerts, taxii, url } = await startGateway(config, policy);
        const { redactUrl } = await import('../config/redact-url.js');
        process.stderr.write(`hydrawatch: gateway on ${url} -> ${redactUrl(config.upstream.url)} (${stores.kind} store: ${stores.location})\n`);
        if (online) {
          const admin = process.env.HYDRAWATCH_ADMIN_TOKEN
            ? `admin API on ${gateway.adminUrl}/admin/decisions, dashboard on ${gateway.adminUrl}/ui/ (log in with the admin token)`
            : 'admin API and dashboard off (set HYDRAWATCH_ADMIN_TOKEN)';
          process.stderr.write(`hydrawatch: online detection and enforcement on, policy ${opts.policy ?? 'default'}; ${admin}\n`);
        }
        if (taxii.serving) process.stderr.write(`hydrawatch: TAXII 2.1 server on ${url}/taxii2/\n`);
        const sig = await untilSignal();
        process.stderr.write(`hydrawatch: ${sig}: stopping, writing the last exchanges\n`);
        taxii.close();
        await online?.close();
        await gateway.close();
        await alerts.close();
        await publisher?.close();
        await shared?.close();
        await store.close();
      }),
    );
}
