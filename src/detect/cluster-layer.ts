/**
 * The seam between per-account detection and the cross-account (hydra cluster) layer of `src/detect/cluster`: the
 * engine depends only on this shape, so that either side can be built, tested and replaced alone.
 */
import type { Account, Release } from '../exchange/account.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ExchangeSignals } from '../signals/types.js';
import type { Alert, ClusterReport, Reason, Verdict } from './report.js';

/**
 * What the cluster layer reads of an exchange: its account, time, addresses, client and model, with the two facts it
 * derives from the request (`clusterExchangeOf` takes them from a whole exchange; the scan's signal worker sends
 * them, so that the engine's thread never holds the request).
 */
export type ClusterExchange = Pick<Exchange, 'account' | 'ts' | 'ip' | 'user_agent' | 'client_fp' | 'model'> & {
  /** `promptHash` of the request */
  promptHash: number;
  /** `exchangeToolSchema` of the exchange (null: it declares no tools) */
  toolSchema: string | null;
  /** The AS number announcing `ip` (0: none) when already looked up; absent, the layer looks it up. */
  asn?: number;
};

export interface ClusterObservation {
  exchange: ClusterExchange;
  signals: ExchangeSignals;
  templateId: string;
  templateAccounts: number;
  systemTemplateId: string | null;
  /** `exchangeTime(exchange)` when the caller has it already (the layer parses `exchange.ts` otherwise). */
  t?: number;
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

/** Each account's own (per-account) score and verdict, as the cluster layer reads them at a refresh. */
export interface AccountScores extends ReadonlyMap<string, { score: number; verdict: Verdict; exchanges: number }> {
  /**
   * The accounts whose own verdict moved since the previous `refresh` call, with their verdict then and now. Given,
   * the layer tells whether enough moved for a new refresh from these alone rather than from a pass over every
   * account (which at 12,000 accounts cost 3% of a scan, asked every 30 minutes of log time).
   */
  readonly verdictMoves?: ReadonlyMap<string, VerdictMove>;
}

/** Refreshes run in full, skipped as too little had changed, and the wall-clock seconds the full ones took. */
export interface RefreshCount {
  full: number;
  skipped: number;
  seconds: number;
}

export interface VerdictMove {
  before: Verdict;
  now: Verdict;
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
  refresh(now: number, accountScores: AccountScores, options?: { final?: boolean }): ClusterRefresh;
  /**
   * The cheap check between refreshes: re-tests the groups the last refresh confirmed for a move to a newly released
   * model on their current traffic, reusing that refresh's groups and bases. Returns every alert so far when it raised
   * a new one, else null.
   */
  checkPivots?(now: number): Alert[] | null;
  /** What the layer holds (for benchmarks and monitoring of its memory). */
  readonly size?: { accounts: number; pairs: number; keys: number };
  /** The refreshes so far (for benchmarks and monitoring of their cost). */
  readonly refreshCount?: Readonly<RefreshCount>;
  /** The links between any two of `accounts` (the account graph of a cluster, for analysts). */
  linksAmong?(accounts: readonly string[]): AccountLink[];
}

export interface ClusterLayerOptions {
  accounts: Map<string, Account>;
  releases: Release[];
}

export type ClusterLayerFactory = (options: ClusterLayerOptions) => ClusterLayer;
