/**
 * Online detection inside the gateway: every recorded exchange updates the same DetectionEngine that `scan` runs
 * (account profile, template index, link graph), the account is re-scored incrementally, and hydra-cluster
 * refreshes run from a timer. Whenever an account's verdict, cluster or cluster verdict changes, the listener is
 * told (the gateway then evaluates the policy). Detection never calls back into the gateway.
 */
import type { Account, Release } from '../../exchange/account.js';
import { exchangeTime, type Exchange } from '../../exchange/exchange.js';
import { HydraClusterer } from '../../detect/cluster/index.js';
import { DetectionEngine, type AccountState } from '../../detect/engine.js';
import type { Verdict } from '../../detect/report.js';
import type { EvalItemRegistry } from '../../signals/eval-items.js';
import type { Watchlist } from '../../detect/watchlist.js';
import { AsnDatabase } from '../../signals/asn.js';
import { ANONYMOUS_ACCOUNT } from '../exchange-builder.js';
import { StableClusterIds, type StableClusterIdsOptions } from '../../detect/cluster/stable-ids.js';
import { BackgroundClusters } from './background-clusters.js';

/** What enforcement needs to know about an account, read on the request path. */
export interface AccountView {
  verdict: Verdict;
  score: number;
  exchanges: number;
  cluster: string | null;
  clusterVerdict: Verdict | null;
  /** Per-account shares for policy conditions (`cot_share`, ...), as of the last verdict change. */
  signals: Readonly<Record<string, number>>;
}

export interface OnlineDetectorOptions {
  /** Account attributes by id (the gateway fills it from authenticated keys; shared with the clusterer). */
  accounts: Map<string, Account>;
  releases?: Release[];
  /** false: per-account detection only. */
  clusters?: boolean;
  /**
   * Log-time minutes between the engine taking the latest background cluster result (default 1). The expensive
   * refresh itself runs only from `refreshClusters()`.
   */
  applyEveryMinutes?: number;
  /** Told when an account's verdict, cluster or cluster verdict changes. */
  onChange?: (id: string, view: AccountView) => void;
  /** Indicators imported from other providers (`hydrawatch intel import`). */
  watchlist?: Watchlist | null;
  /** Cluster ids stable across refreshes and restarts: the clusters named before, and where to persist them. */
  clusterIds?: StableClusterIdsOptions;
  /** The provider's registered benchmark items (`hydrawatch eval-items add`). */
  evalItems?: EvalItemRegistry | null;
}

/** What the request path reads of detection: the account's latest view (the enforcer's only dependency on it). */
export interface DetectionView {
  view(id: string): AccountView | undefined;
}

const NO_SIGNALS: Readonly<Record<string, number>> = Object.freeze({});

export class OnlineDetector implements DetectionView {
  readonly engine: DetectionEngine;
  private readonly layer: BackgroundClusters | null;
  private readonly clusterer: HydraClusterer | null;
  private readonly onChange: OnlineDetectorOptions['onChange'];
  private readonly seen = new Map<string, string>();
  private readonly signals = new Map<string, Readonly<Record<string, number>>>();
  private lastT = -Infinity;
  private applied = 0;

  constructor(options: OnlineDetectorOptions) {
    this.clusterer = options.clusters === false ? null : new HydraClusterer({ accounts: options.accounts, releases: options.releases ?? [] });
    this.layer = this.clusterer && new BackgroundClusters(new StableClusterIds(this.clusterer, options.clusterIds));
    this.engine = new DetectionEngine({
      accounts: options.accounts,
      releases: options.releases,
      clusterer: this.layer,
      clusterRefreshMinutes: options.applyEveryMinutes ?? 1,
      watchlist: options.watchlist ?? null,
      evalItems: options.evalItems ?? null,
    });
    this.onChange = options.onChange;
  }

  /**
   * One finished exchange. Anonymous (unauthenticated) ones are skipped. Exchanges finish out of arrival order
   * (a long stream ends after a later short answer), so time is clamped to be non-decreasing for the engine.
   */
  observe(ex: Exchange): void {
    if (ex.account === ANONYMOUS_ACCOUNT) return;
    const t = Math.max(exchangeTime(ex), this.lastT);
    this.lastT = t;
    const state = this.engine.observe(ex, t);
    if (this.layer && this.layer.applied !== this.applied) {
      this.applied = this.layer.applied;
      this.sweep();
    } else this.check(state);
  }

  /**
   * Loads what the first exchange would otherwise load on the gateway's event loop: the offline ASN database the
   * link graph uses (several seconds on a busy machine). Call before listening.
   */
  warmUp(): void {
    if (this.layer) AsnDatabase.shared();
  }

  /** A model release added or moved while detection runs: model-pivot alerts watch for it from now on. */
  setRelease(release: Release): void {
    this.clusterer?.setRelease(release);
  }

  /** The account as enforcement sees it, or undefined before its first exchange. Cheap (two map reads). */
  view(id: string): AccountView | undefined {
    const s = this.engine.get(id);
    if (!s) return undefined;
    return {
      verdict: s.verdict,
      score: s.score,
      exchanges: s.exchanges,
      cluster: s.cluster?.cluster ?? null,
      clusterVerdict: s.cluster?.verdict ?? null,
      signals: this.signals.get(id) ?? NO_SIGNALS,
    };
  }

  /** Runs one cluster refresh now if exchanges arrived since the last one, and applies it (called from a timer). */
  refreshClusters(): boolean {
    if (!this.layer || !this.layer.stale || this.lastT === -Infinity) return false;
    const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
    for (const s of this.engine.allStates()) scores.set(s.id, { score: s.ownScore, verdict: s.ownVerdict, exchanges: s.exchanges });
    this.layer.recompute(this.lastT, scores);
    // Verdicts follow the new clusters at once, not at the next exchange.
    this.engine.applyClusters();
    if (this.layer.applied !== this.applied) {
      this.applied = this.layer.applied;
      this.sweep();
    }
    return true;
  }

  get clusterRefreshes(): { count: number; lastMs: number } {
    return { count: this.layer?.refreshes ?? 0, lastMs: this.layer?.lastRefreshMs ?? 0 };
  }

  private sweep(): void {
    for (const s of this.engine.allStates()) this.check(s);
  }

  private check(s: AccountState): void {
    const key = `${s.verdict}\u0000${s.cluster?.cluster ?? ''}\u0000${s.cluster?.verdict ?? ''}`;
    if (this.seen.get(s.id) === key) return;
    this.seen.set(s.id, key);
    const f = this.engine.featuresOf(s);
    this.signals.set(s.id, {
      cot_share: f.content.cot,
      trace_share: f.content.trace,
      grading_share: f.content.grading,
      harvest_share: f.content.harvest,
      single_turn_share: f.content.singleTurn,
      top_template_share: f.topTemplateShare,
    });
    this.onChange?.(s.id, this.view(s.id)!);
  }
}
