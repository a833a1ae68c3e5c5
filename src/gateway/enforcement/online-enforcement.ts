/**
 * Wires online detection and enforcement into a gateway: the exchange tap feeds the online detector, verdict
 * changes are turned into automatic decisions by the policy (stored and audited), the request guard enforces the
 * decisions in force, the admin API for analyst decisions is mounted on the gateway, and decisions made in other
 * processes (`hydrawatch decisions add`) are picked up by polling the decision store. The gateway calls detection
 * and the policy; neither calls back.
 *
 *   const online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir });
 *   await gateway.listen();
 *   ...
 *   online.close();
 */
import type { Logger } from 'pino';
import type { Account, Release } from '../../exchange/account.js';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import { adminApi } from '../../decide/admin-api.js';
import { decide } from '../../decide/decide.js';
import type { Policy } from '../../decide/policy.js';
import { loadWatermarkSecret } from '../../protect/watermark/index.js';
import type { SqliteDatabase } from '../../store/database.js';
import { DecisionStore, type StoredDecision } from '../../store/decisions.js';
import { recordFilterFor } from '../privacy.js';
import type { Gateway } from '../server.js';
import { AutomaticDecisions } from './automatic-decisions.js';
import { clusterContext, Enforcer, inForce, type EnforcementEvent } from './enforcer.js';
import { OnlineDetector } from './online-detector.js';
import type { Watchlist } from '../../detect/watchlist.js';
import type { AlertDispatcher } from '../../alerts/alert-dispatcher.js';
import { CampaignAlerts } from '../../alerts/campaign-alerts.js';

export interface OnlineEnforcementOptions {
  gateway: Gateway;
  /** The gateway's SQLite database (decisions and the audit log live beside the exchanges). */
  db: SqliteDatabase;
  policy: Policy;
  /** Data directory (for the watermark secret when HYDRAWATCH_WATERMARK_SECRET is not set). */
  dataDir: string;
  /** Admin API token; default HYDRAWATCH_ADMIN_TOKEN (none: the admin API refuses every request). */
  adminToken?: string;
  releases?: Release[];
  /** Where campaign, alert and decision events go (default: nowhere). */
  alerts?: AlertDispatcher | null;
  /** Indicators imported from other providers (default: none). */
  watchlist?: Watchlist | null;
  /** Hydra-cluster detection (default true). */
  clusters?: boolean;
  /** Real milliseconds between background cluster refreshes (default 5000). */
  clusterRefreshMs?: number;
  /** How often the decision store is polled for other processes' decisions (default 250 ms). */
  pollMs?: number;
  logger?: Logger;
  onEvent?: (e: EnforcementEvent) => void;
  onDecision?: (d: StoredDecision) => void;
}

export interface OnlineEnforcement {
  detector: OnlineDetector;
  enforcer: Enforcer;
  cache: ActiveDecisionCache;
  decisions: DecisionStore;
  automatic: AutomaticDecisions;
  /** Runs a cluster refresh now (tests, end of a replay). */
  refreshClusters(): boolean;
  close(): void;
}

export function attachOnlineEnforcement(o: OnlineEnforcementOptions): OnlineEnforcement {
  const log = o.logger ?? o.gateway.core.log;
  const decisions = new DecisionStore(o.db);
  const campaigns = o.alerts ? new CampaignAlerts((e) => o.alerts!.emit(e)) : null;
  let alertsSeen: readonly unknown[] = [];
  let clustersSeen: readonly unknown[] = [];
  const cache = new ActiveDecisionCache(decisions);
  cache.refreshFromStore();
  const automatic = new AutomaticDecisions(
    decisions,
    cache,
    (d) => {
      log.debug({ decision: d.id, action: d.action, target: `${d.target.kind}:${d.target.id}`, rule: d.rule }, 'automatic decision');
      campaigns?.decisionMade(d);
      o.onDecision?.(d);
    },
    (err) => log.error({ err: (err as Error).message }, 'automatic decision not recorded'),
  );
  const accounts = new Map<string, Account>();
  const detector = new OnlineDetector({
    accounts,
    releases: o.releases,
    clusters: o.clusters,
    watchlist: o.watchlist ?? null,
    onChange(id, view) {
      const now = Date.now();
      const d = decide(o.policy, {
        now,
        account: accounts.get(id) ?? { id },
        ...view,
        ...clusterContext(view),
        requestCountry: null,
        active: inForce(cache.lookup(id, view.cluster, now), view),
      });
      automatic.recordNow(d.toRecord, now);
    },
  });
  detector.warmUp();
  const monitored = new Set<string>();
  const enforcer = new Enforcer({
    policy: o.policy,
    detector,
    cache,
    automatic,
    accounts,
    watermarkSecret: loadWatermarkSecret(o.dataDir),
    onEvent(e) {
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

  // The gateway parses every body its own way (raw bytes + JSON); the admin API gets plain JSON in its own context.
  o.gateway.admin.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    await scope.register(adminApi, {
      store: decisions,
      token: o.adminToken,
      onChange: () => cache.refreshFromStore(),
      evidence: (kind, id) => {
        if (kind === 'cluster') return detector.engine.clusterReport(id);
        const state = detector.engine.get(id);
        return state && detector.engine.accountReport(state);
      },
    });
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
  o.gateway.setGuard(enforcer.guard);
  o.gateway.setTap((ex) => {
    detector.observe(ex);
    // Each cluster refresh the engine takes in replaces both lists: a cheap identity check per exchange.
    const alerts = detector.engine.currentAlerts();
    const clusters = detector.engine.currentClusters();
    if (campaigns && (alerts !== alertsSeen || clusters !== clustersSeen)) {
      alertsSeen = alerts;
      clustersSeen = clusters;
      const now = new Date().toISOString();
      for (const c of clusters) campaigns.clusterSeen(c, now);
      campaigns.alertsRaised(alerts);
    }
    enforcer.charge(ex);
  });
  const stopPolling = cache.startPolling(o.pollMs ?? 250, (err) => log.error({ err: (err as Error).message }, 'decision poll failed'));
  const refresh = () => {
    try {
      return detector.refreshClusters();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'cluster refresh failed');
      return false;
    }
  };
  const timer = setInterval(refresh, o.clusterRefreshMs ?? 5000);
  timer.unref();

  return {
    detector,
    enforcer,
    cache,
    decisions,
    automatic,
    refreshClusters: refresh,
    close() {
      clearInterval(timer);
      stopPolling();
    },
  };
}
