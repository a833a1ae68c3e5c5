/**
 * What the dashboard reads, whatever keeps it: live detection state (the engine's clusters, alerts, account reports
 * and traffic timeline), the store (releases, registry, recorded exchanges) and the decision ledger. The gateway
 * gives it its online detector's engine; the UI benchmark gives it synthetic clusters.
 */
import type { AccountLink } from '../../detect/cluster-layer.js';
import type { DetectionEngine } from '../../detect/engine.js';
import type { AccountReport, Alert, ClusterReport } from '../../detect/report.js';
import type { TimelineBucket } from '../../detect/timeline.js';
import type { Store } from '../../store/store.js';

export interface DetectionView {
  clusters(): readonly ClusterReport[];
  alerts(): readonly Alert[];
  timeline(): TimelineBucket[];
  account(id: string): AccountReport | undefined;
  clusterLinks(id: string): AccountLink[];
}

/** The store as the dashboard uses it (reads, and the allowlist flag a dismissal sets). */
export type DashboardStore = Pick<Store, 'listReleases' | 'getAccount' | 'upsertAccount' | 'exchanges'>;

/** Enforcement outcomes since the gateway started, and what shadow-mode rules would have done. */
export interface EnforcementTally {
  requests: number;
  denied: number;
  degraded: number;
  watermarked: number;
  /** Requests answered in full to accounts detection had flagged as distillation at the time. */
  leaked: number;
  /** Shadow-mode action -> requests it would have applied to. */
  shadow: Record<string, number>;
}

export function detectionViewOf(engine: DetectionEngine): DetectionView {
  return {
    clusters: () => engine.currentClusters(),
    alerts: () => engine.currentAlerts(),
    timeline: () => engine.timeline.series(),
    account: (id) => {
      const state = engine.get(id);
      return state && engine.accountReport(state);
    },
    clusterLinks: (id) => engine.clusterLinks(id),
  };
}
