/**
 * The messages between the gateway's event loop and its detection thread (embedded mode). The gateway sends
 * exchanges (in batches), account updates and questions; the thread answers and sends back every change of an
 * account's view (verdict, cluster, cluster verdict) and each new set of clusters and alerts.
 */
import type { Config } from '../../config/config.js';
import type { Account, Release } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import type { AccountLink } from '../../detect/cluster-layer.js';
import type { AccountReport, Alert, ClusterReport, ScanReport } from '../../detect/report.js';
import type { TimelineBucket } from '../../detect/timeline.js';
import type { AccountView } from './online-detector.js';

/** What the thread starts with (its `workerData`). */
export interface DetectionThreadData {
  /** The account registry known at start (the store's accounts). */
  accounts: Account[];
  releases: Release[];
  clusters: boolean;
  /** Real milliseconds between cluster refreshes. */
  clusterRefreshMs: number;
  /** Data directory: the intel watchlist is read from it and the cluster ids persisted in it (null: neither). */
  dataDir: string | null;
  watchlist: boolean;
  /** The store whose exchange archive rebuilds the profiles at start (null: start empty). */
  archive: Pick<Config, 'store' | 'data'> | null;
}

export interface DetectionStats {
  /** Exchanges replayed from the archive at start (to rebuild profiles), and observed since. */
  rebuilt: number;
  observed: number;
  accounts: number;
  clusterRefreshes: number;
  lastRefreshMs: number;
}

export type Question =
  | { kind: 'flush' }
  | { kind: 'refresh' }
  | { kind: 'account-report'; id: string }
  | { kind: 'accounts' }
  | { kind: 'cluster-report'; id: string }
  | { kind: 'report' }
  | { kind: 'stats' }
  | { kind: 'timeline' }
  | { kind: 'cluster-links'; id: string };

export interface Answers {
  flush: null;
  refresh: boolean;
  'account-report': AccountReport | null;
  accounts: AccountReport[];
  'cluster-report': ClusterReport | null;
  report: ScanReport;
  stats: DetectionStats;
  timeline: TimelineBucket[];
  'cluster-links': AccountLink[];
}

export type ToDetection =
  /**
   * A batch of exchanges, in order, as their log lines, each serialised once for the writer and this thread
   * (exchange-json.ts): the hand-over copies strings, and the thread's `JSON.parse` costs less than receiving a
   * structured clone. What detection sees is what the archive holds (the rebuild at start reads the same lines). A
   * large exchange comes whole (a clone), as serialising it would cost the event loop more.
   */
  | { kind: 'exchanges'; items: (string | Exchange)[] }
  | { kind: 'account'; account: Account }
  /** A model release added or moved while the gateway runs. */
  | { kind: 'release'; release: Release }
  /** The intel watchlist file changed (an import or a TAXII pull): read it again. */
  | { kind: 'watchlist' }
  | { kind: 'ask'; ask: number; question: Question };

/**
 * An account's current view; `react` is true when its verdict, cluster or cluster verdict changed (the policy then
 * decides), false for a mere update (score, exchanges) and while the thread rebuilds what was known (already decided).
 */
export type ViewChange = [id: string, view: AccountView, react: boolean];

export type FromDetection =
  | { kind: 'views'; list: ViewChange[]; observed: number }
  | { kind: 'clusters'; clusters: readonly ClusterReport[]; alerts: readonly Alert[] }
  | { kind: 'started' }
  | { kind: 'ready'; rebuilt: number; accounts: number; ms: number }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { kind: 'answer'; ask: number; answer?: unknown; error?: string };
