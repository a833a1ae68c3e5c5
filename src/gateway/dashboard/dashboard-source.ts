/**
 * What the dashboard reads, whatever keeps it: live detection state (the engine's clusters, alerts, account reports
 * and traffic timeline), the store (releases, registry, recorded exchanges) and the decision ledger. The gateway
 * gives it its online detector's engine; the UI benchmark gives it synthetic clusters.
 */
import type { AccountLink } from '../../detect/cluster-layer.js';
import type { DetectionEngine } from '../../detect/engine.js';
import type { DetectionThread } from '../enforcement/detection-thread.js';
import type { AccountReport, Alert, ClusterReport } from '../../detect/report.js';
import type { TimelineBucket } from '../../detect/timeline.js';
import type { Store } from '../../store/store.js';

/**
 * Latest clusters and alerts are read at once; the rest may have to be asked of the detection thread (embedded mode
 * runs detection in a worker thread), hence the promises.
 */
export interface DetectionView {
  clusters(): readonly ClusterReport[];
  alerts(): readonly Alert[];
  timeline(): Promise<TimelineBucket[]>;
  account(id: string): Promise<AccountReport | undefined>;
  clusterLinks(id: string): Promise<AccountLink[]>;
}

/** The store as the dashboard uses it (reads, and the allowlist flag a dismissal sets). */
export type DashboardStore = Pick<Store, 'listReleases' | 'getAccount' | 'upsertAccount' | 'exchanges'>;

export type { EnforcementTally } from './api-types.js';

/** The view of an engine in this thread (tests, benchmarks). */
export function detectionViewOf(engine: DetectionEngine): DetectionView {
  return {
    clusters: () => engine.currentClusters(),
    alerts: () => engine.currentAlerts(),
    timeline: async () => engine.timeline.series(),
    account: async (id) => {
      const state = engine.get(id);
      return state && engine.accountReport(state);
    },
    clusterLinks: async (id) => engine.clusterLinks(id),
  };
}

/** The view of the gateway's detection thread (embedded mode). */
export function detectionViewOfThread(thread: DetectionThread): DetectionView {
  return {
    clusters: () => thread.currentClusters(),
    alerts: () => thread.currentAlerts(),
    timeline: () => thread.timeline(),
    account: (id) => thread.accountReport(id),
    clusterLinks: (id) => thread.clusterLinks(id),
  };
}

/** Cluster mode: detection runs in `hydrawatch worker` processes, so this gateway has no live detection to show. */
export const NO_DETECTION_VIEW: DetectionView = {
  clusters: () => [],
  alerts: () => [],
  timeline: async () => [],
  account: async () => undefined,
  clusterLinks: async () => [],
};
