/**
 * Wires online detection and enforcement into a gateway: the exchange tap feeds online detection, which runs in a
 * worker thread (embedded mode, `DetectionThread`) or in `hydrawatch worker` processes (cluster mode); verdict
 * changes are turned into automatic decisions by the policy (stored and audited), the request guard enforces the
 * decisions in force, the admin API for analyst decisions is mounted on the gateway, and decisions made in other
 * processes (`hydrawatch decisions add`) are picked up by polling the decision store. The gateway calls detection
 * and the policy; neither calls back.
 *
 *   const online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir });
 *   await online.started;
 *   await gateway.listen();
 *   ...
 *   await online.close();
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { Account, Release } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import { adminApi } from '../../decide/admin-api.js';
import type { Policy } from '../../decide/policy.js';
import { loadWatermarkSecret } from '../../protect/watermark/index.js';
import type { SqliteDatabase } from '../../store/database.js';
import type { DecisionRecords } from '../../store/decision-records.js';
import { DecisionStore, type StoredDecision } from '../../store/decisions.js';
import type { Store } from '../../store/store.js';
import { accountAdminApi } from '../account-admin-api.js';
import { RegistryFollower } from './registry-follower.js';
import { recordFilterFor } from '../privacy.js';
import type { SharedHotState } from '../shared/hot-state.js';
import type { Gateway } from '../server.js';
import { AutomaticDecisions } from './automatic-decisions.js';
import { Enforcer, type EnforcementEvent } from './enforcer.js';
import { DetectionThread } from './detection-thread.js';
import type { DetectionView } from './online-detector.js';
import { reactToVerdicts } from './verdict-reaction.js';
import type { AlertDispatcher } from '../../alerts/alert-dispatcher.js';
import { CampaignAlerts } from '../../alerts/campaign-alerts.js';
import { decisionEvent, type DecisionChange } from '../../alerts/decision-event.js';
import { dashboardApi } from '../dashboard/dashboard-api.js';
import { detectionViewOfThread, NO_DETECTION_VIEW, type DashboardStore, type EnforcementTally } from '../dashboard/dashboard-source.js';
import type { loadDashboardAssets } from '../dashboard/static-assets.js';

export interface OnlineEnforcementOptions {
  gateway: Gateway;
  /** The gateway's SQLite database (decisions and the audit log live beside the exchanges); or give `decisions`. */
  db?: SqliteDatabase;
  /** The decision ledger of another back end (PostgreSQL in cluster mode); default: a DecisionStore on `db`. */
  decisions?: DecisionRecords;
  /**
   * The account registry known at start (the store's accounts: payment, verification, sign-up time, country), as
   * `scan --accounts` gets it; accounts seen later are added as their keys are used.
   */
  accounts?: Map<string, Account>;
  /** Cluster mode: rate limits, decision announcements and counters shared with the other replicas (Redis). */
  shared?: SharedHotState;
  /**
   * false: this gateway only enforces; detection runs in `hydrawatch worker` processes fed by `publish` (cluster
   * mode). Default true: detection in this process.
   */
  detection?: boolean;
  /** Told every recorded exchange (cluster mode: the exchange stream's publisher). */
  publish?: (ex: Exchange) => void;
  /** Cluster mode: what the detection workers know, for the evidence route (without local detection). */
  evidence?: (kind: 'account' | 'cluster', id: string) => Promise<unknown>;
  /** The store behind the admin routes for accounts and releases (`POST /admin/accounts`, `/admin/releases`). */
  store?: Pick<Store, 'upsertAccount' | 'getAccount' | 'upsertRelease' | 'listReleases' | 'accountsUpdatedSince'>;
  policy: Policy;
  /** Data directory (for the watermark secret when HYDRAWATCH_WATERMARK_SECRET is not set). */
  dataDir: string;
  /** Admin API token; default HYDRAWATCH_ADMIN_TOKEN (none: the admin API refuses every request). */
  adminToken?: string;
  releases?: Release[];
  /** The latest write time of the accounts in `accounts` (`accountsUpdatedSince`): the store is followed from there. */
  accountsSince?: number;
  /** Where campaign, alert and decision events go (default: nowhere). */
  alerts?: AlertDispatcher | null;
  /** Detection reads the indicators imported from other providers into `dataDir` (default false: none). */
  watchlist?: boolean;
  /**
   * The store whose exchange archive rebuilds detection's profiles at start, so a restart forgets nothing the
   * archive holds (default: none, detection starts empty). `serve` passes its configuration.
   */
  archive?: Pick<Config, 'store' | 'data'> | null;
  /** Hydra-cluster detection (default true). */
  clusters?: boolean;
  /** Real milliseconds between background cluster refreshes (default 5000). */
  clusterRefreshMs?: number;
  /** How often the decision store is polled for other processes' decisions (default 250 ms). */
  pollMs?: number;
  /** The analyst dashboard under /ui on the admin listener (docs/dashboard.md); none: no dashboard. */
  dashboard?: { assets: ReturnType<typeof loadDashboardAssets>; store: DashboardStore; labelsFile: string };
  logger?: Logger;
  onEvent?: (e: EnforcementEvent) => void;
  onDecision?: (d: StoredDecision) => void;
}

export interface OnlineEnforcement {
  /** The account registry detection uses (grows as new accounts' keys are used). */
  accounts: Map<string, Account>;
  /** Resolves once detection takes exchanges: await it before `gateway.listen()` so the first requests are watched. */
  started: Promise<void>;
  /**
   * Detection in its worker thread (null in cluster mode, where `hydrawatch worker` detects): `view`,
   * `currentClusters()` and `currentAlerts()` read its latest results at once; reports are asked of it (async).
   */
  detection: DetectionThread | null;
  enforcer: Enforcer;
  cache: ActiveDecisionCache;
  decisions: DecisionRecords;
  automatic: AutomaticDecisions;
  /** Enforcement outcomes and shadow-mode results since start. */
  tally: EnforcementTally;
  /** Runs a cluster refresh now (tests, end of a replay); false when there was nothing new or no detection here. */
  refreshClusters(): Promise<boolean>;
  /** Resolves once every exchange recorded so far has reached detection and its verdict changes were acted on. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Cluster-mode gateways detect nothing themselves: every account looks unknown to the request path. */
const NO_DETECTION: DetectionView = { view: () => undefined };

export function attachOnlineEnforcement(o: OnlineEnforcementOptions): OnlineEnforcement {
  const log = o.logger ?? o.gateway.core.log;
  if (!o.decisions && !o.db) throw new Error('online enforcement needs a decision store (db or decisions)');
  const decisions = o.decisions ?? new DecisionStore(o.db!);
  const campaigns = o.alerts ? new CampaignAlerts((e) => o.alerts!.emit(e)) : null;
  const cache = new ActiveDecisionCache(decisions);
  if (decisions instanceof DecisionStore) cache.refreshFromStore();
  else void cache.refresh().catch((err: unknown) => log.error({ err: (err as Error).message }, 'decision load failed'));
  const automatic = new AutomaticDecisions(
    decisions,
    cache,
    (d) => {
      log.debug({ decision: d.id, action: d.action, target: `${d.target.kind}:${d.target.id}`, rule: d.rule }, 'automatic decision');
      campaigns?.decisionMade(d);
      o.shared?.announce({ ...d, lifted: false });
      o.onDecision?.(d);
    },
    (err) => log.error({ err: (err as Error).message }, 'automatic decision not recorded'),
  );
  const accounts = o.accounts ?? new Map<string, Account>();
  const react = reactToVerdicts({ policy: o.policy, accounts, cache, automatic });
  const detection =
    o.detection === false
      ? null
      : new DetectionThread({
          data: {
            accounts: [...accounts.values()],
            releases: o.releases ?? [],
            clusters: o.clusters !== false,
            clusterRefreshMs: o.clusterRefreshMs ?? 5000,
            dataDir: o.dataDir,
            watchlist: o.watchlist === true,
            archive: o.archive ?? null,
          },
          // Only changes of verdict or cluster act, and not those the rebuild restores (their decisions are stored).
          onChange: (id, view, changed) => changed && react(id, view),
          onClusters: (clusters, alerts) => {
            if (!campaigns) return;
            const now = new Date().toISOString();
            for (const c of clusters) campaigns.clusterSeen(c, now);
            campaigns.alertsRaised(alerts);
          },
          log: (level, message) => log[level](message),
        });
  const detector = detection ?? NO_DETECTION;
  // Accounts and releases stored while running (by another gateway's admin API, `accounts import`, `releases add`)
  // reach the policy and detection without a restart.
  const registry = o.store
    ? new RegistryFollower({
        store: o.store,
        accounts,
        accountsSince: o.accountsSince ?? 0,
        onAccount: (a) => detection?.setAccount(a),
        ...(detection
          ? {
              releases: o.releases ?? [],
              onRelease: (r: Release) => {
                log.info(`model release ${r.model} at ${r.released}: watched for model pivots from now on`);
                detection.setRelease(r);
              },
            }
          : {}),
        onError: (what, err) => log.error({ err: err.message }, `${what} not read from the store`),
      })
    : null;
  const monitored = new Set<string>();
  const tally: EnforcementTally = { requests: 0, denied: 0, degraded: 0, watermarked: 0, leaked: 0, shadow: {} };
  const enforcer = new Enforcer({
    policy: o.policy,
    detector,
    cache,
    automatic,
    accounts,
    watermarkSecret: loadWatermarkSecret(o.dataDir),
    ...(o.shared ? { limiter: o.shared.limiter } : {}),
    onEvent(e) {
      tally.requests++;
      if (e.denied !== null) tally.denied++;
      else if (detector.view(e.account)?.verdict === 'distillation') tally.leaked++;
      if (e.degraded) tally.degraded++;
      if (e.watermarked) tally.watermarked++;
      for (const would of e.shadow) tally.shadow[would] = (tally.shadow[would] ?? 0) + 1;
      for (const would of e.shadow) {
        const key = `${e.account}\u0000${would}`;
        if (monitored.has(key)) continue;
        if (monitored.size > 100_000) monitored.clear();
        monitored.add(key);
        log.debug({ account: e.account, would }, 'monitor: shadow-mode action not enforced');
      }
      o.onEvent?.(e);
    },
  });

  const announceDecisions = o.alerts ? { onDecision: (d: StoredDecision, change: DecisionChange) => o.alerts!.emit(decisionEvent(d, change)) } : {};
  const refreshDecisions = async () => {
    await cache.refresh();
    o.shared?.announceRefresh();
  };
  // The gateway parses every body its own way (raw bytes + JSON); the admin API gets plain JSON in its own context.
  o.gateway.admin.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    await scope.register(adminApi, {
      store: decisions,
      token: o.adminToken,
      onChange: refreshDecisions,
      ...announceDecisions,
      evidence: detection
        ? (kind: 'account' | 'cluster', id: string) => (kind === 'cluster' ? detection.clusterReport(id) : detection.accountReport(id))
        : o.evidence,
    });
    const onAccount = (a: Account) => {
      accounts.set(a.id, a);
      detection?.setAccount(a);
    };
    if (o.dashboard)
      await scope.register(dashboardApi, {
        ...o.dashboard,
        detection: detection ? detectionViewOfThread(detection) : NO_DETECTION_VIEW,
        decisions,
        token: o.adminToken,
        tally: () => tally,
        onDecisionsChange: refreshDecisions,
        ...announceDecisions,
        onAccount: (a) => onAccount({ ...accounts.get(a.id), ...a }),
      });
    if (o.store) await scope.register(accountAdminApi, { store: o.store, token: o.adminToken, onAccount, onReleases: () => void registry?.releases?.check() });
  });
  if (o.gateway.privacyMode === 'signals') {
    // Full text is kept as evidence for accounts detection doubts or a decision acts on; the rest keep signals only.
    const flagged = (account: string) => {
      const view = detector.view(account);
      if (view && (view.verdict !== 'benign' || (view.clusterVerdict !== null && view.clusterVerdict !== 'benign'))) return true;
      return cache.lookup(account, view?.cluster ?? null, Date.now()).length > 0;
    };
    o.gateway.setRecordFilter(recordFilterFor('signals', flagged));
  }
  o.gateway.setGuard(o.shared ? o.shared.guard(enforcer.guard) : enforcer.guard);
  o.gateway.setTap((ex) => {
    detection?.observe(ex, accounts.get(ex.account));
    enforcer.charge(ex);
    o.shared?.count(ex);
    o.publish?.(ex);
  });
  o.shared?.follow(cache, () => cache.refresh());
  const stopPolling = cache.startPolling(o.pollMs ?? 250, (err) => log.error({ err: (err as Error).message }, 'decision poll failed'));

  return {
    accounts,
    started: detection ? detection.started : Promise.resolve(),
    detection,
    enforcer,
    cache,
    decisions,
    automatic,
    tally,
    refreshClusters: async () => (detection ? detection.refreshClusters() : false),
    flush: async () => detection?.flush(),
    async close() {
      stopPolling();
      registry?.stop();
      await detection?.close();
    },
  };
}
