/**
 * Hydra-cluster refreshes off the exchange path: the gateway's detection engine sees this layer instead of the
 * clusterer itself. Observations go straight through (cheap); when the engine asks for a refresh it gets the result
 * of the latest background refresh at once (or nothing new), while the real refresh (community detection over the
 * link graph) runs from a timer with the engine's current account scores.
 */
import type {
  AccountLink,
  AccountScores,
  ClusterLayer,
  ClusterObservation,
  ClusterRefresh,
  ClusterVerdict,
} from '../../detect/cluster-layer.js';
import type { Alert } from '../../detect/report.js';

const EMPTY: ClusterRefresh = { clusters: [], accountCluster: new Map(), alerts: [] };

export class BackgroundClusters implements ClusterLayer {
  private latest: ClusterRefresh = EMPTY;
  private handedOut: ClusterRefresh = EMPTY;
  /** How many new results the engine has taken so far (the detector sweeps verdicts when this moves). */
  applied = 0;
  private observedSinceRefresh = 0;
  /** Refreshes computed, and the last one's duration in ms (for the docs and metrics). */
  refreshes = 0;
  lastRefreshMs = 0;

  constructor(private readonly inner: ClusterLayer) {}

  observe(input: ClusterObservation): ClusterVerdict | null {
    this.observedSinceRefresh++;
    return this.inner.observe(input);
  }

  linksAmong(accounts: readonly string[]): AccountLink[] {
    return this.inner.linksAmong?.(accounts) ?? [];
  }

  /** What the engine calls on its own schedule: the latest background result, without computing anything. */
  refresh(): ClusterRefresh {
    if (this.handedOut !== this.latest) {
      this.handedOut = this.latest;
      this.applied++;
    }
    return this.latest;
  }

  /**
   * The cheap pivot check runs on the exchange path (it reads the groups of the last background refresh): its alerts
   * join the result the engine takes, without counting as a new result (no verdict changed, so no sweep).
   */
  checkPivots(now: number): Alert[] | null {
    const alerts = this.inner.checkPivots?.(now) ?? null;
    if (alerts === null) return null;
    const taken = this.handedOut === this.latest;
    this.latest = { ...this.latest, alerts };
    if (taken) this.handedOut = this.latest;
    return alerts;
  }

  /** True when exchanges arrived since the last background refresh. */
  get stale(): boolean {
    return this.observedSinceRefresh > 0;
  }

  /** The real refresh, run from the gateway's timer: returns the new result (also kept for the engine). */
  recompute(now: number, scores: AccountScores): ClusterRefresh {
    const t0 = performance.now();
    this.observedSinceRefresh = 0;
    this.latest = this.inner.refresh(now, scores);
    this.refreshes++;
    this.lastRefreshMs = performance.now() - t0;
    return this.latest;
  }
}
