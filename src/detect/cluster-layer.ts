/**
 * The seam between per-account detection and the cross-account (hydra cluster) layer of `src/detect/cluster`: the
 * engine depends only on this shape, so that either side can be built, tested and replaced alone.
 */
import type { Account, Release } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ExchangeSignals } from '../signals/types.js';
import type { Alert, ClusterReport, Reason, Verdict } from './report.js';

export interface ClusterObservation {
  exchange: Exchange;
  signals: ExchangeSignals;
  templateId: string;
  templateAccounts: number;
  systemTemplateId: string | null;
}

export interface ClusterVerdict {
  cluster: string;
  verdict: Verdict;
  score: number;
  reasons: Reason[];
}

export interface ClusterRefresh {
  clusters: ClusterReport[];
  accountCluster: Map<string, ClusterVerdict>;
  alerts: Alert[];
}

/** Why two accounts are linked: the kinds of evidence between them and the pair's total weight. */
export interface AccountLink {
  a: string;
  b: string;
  kinds: string[];
  weight: number;
}

export interface ClusterLayer {
  /**
   * Folds in one exchange. Returns a verdict known at once (a new account paid by an instrument of a fleet already
   * confirmed as distillation), or null: everything else waits for `refresh`.
   */
  observe(input: ClusterObservation): ClusterVerdict | null;
  /**
   * `final` asks for a full refresh (the end of a scan or a report); without it the layer may return its previous
   * result when too little changed since then for a new refresh to conclude anything different.
   */
  refresh(
    now: number,
    accountScores: ReadonlyMap<string, { score: number; verdict: Verdict; exchanges: number }>,
    options?: { final?: boolean },
  ): ClusterRefresh;
  /** What the layer holds (for benchmarks and monitoring of its memory). */
  readonly size?: { accounts: number; pairs: number; keys: number };
  /** The links between any two of `accounts` (the account graph of a cluster, for analysts). */
  linksAmong?(accounts: readonly string[]): AccountLink[];
}

export interface ClusterLayerOptions {
  accounts: Map<string, Account>;
  releases: Release[];
}

export type ClusterLayerFactory = (options: ClusterLayerOptions) => ClusterLayer;
