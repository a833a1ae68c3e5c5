/**
 * The online detector: replays exchanges in time order (or takes them live from the gateway), updates each account's
 * profile, re-scores the account right after its exchange, feeds the cluster layer and refreshes it on a schedule of
 * log time, and remembers when each account first reached `distillation` (what the gateway would have known then,
 * with no look-ahead). Cheap per exchange; memory grows with accounts and templates, not with exchanges.
 */
import type { Account, Release } from '../exchange/account.js';
import { exchangeTime, type Exchange } from '../exchange/exchange.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { extractSignals, TemplateIndex } from '../signals/index.js';
import type { ExchangeSignals } from '../signals/types.js';
import { AccountProfile, Population, type AccountFeatures, type ProfiledExchange, type TemplateUse } from '../profile/account-profile.js';
import type { Calibration } from './calibration.js';
import { CALIBRATION } from './calibration-constants.js';
import { clusterExchangeOf } from './cluster-exchange.js';
import type { AccountLink, ClusterExchange, ClusterLayer, ClusterVerdict, RefreshCount, VerdictMove } from './cluster-layer.js';
import type { AccountReport, Alert, ClusterReport, Reason, ScanReport, StreamedScanReport, Verdict } from './report.js';
import { AccountEntries } from './account-entries.js';
import { scoreAccount, verdictOf } from './score.js';
import { Timeline } from './timeline.js';
import { PeerEvidence } from './peer-evidence.js';
import { OwnScores, type OwnScore } from './own-scores.js';
import type { Watchlist } from './watchlist.js';
import type { EvalItemRegistry } from '../signals/eval-items.js';

const MINUTE = 60_000;
const VERDICT_RANK: Record<Verdict, number> = { benign: 0, suspicious: 1, distillation: 2 };

export interface AccountState {
  id: string;
  account: Account | undefined;
  profile: AccountProfile;
  exchanges: number;
  /** The account's own score and verdict from its last re-scoring. */
  ownScore: number;
  ownVerdict: Verdict;
  /** Highest own score so far. */
  peakScore: number;
  /** Raw evidence at the last re-scoring, and its highest value once the account had enough exchanges to be judged. */
  ownRaw: number;
  peakRaw: number;
  /** Cluster membership and verdict from the last cluster refresh. */
  cluster: ClusterVerdict | null;
  /** The stronger of own and cluster verdicts; `distillation` is sticky once reached. */
  verdict: Verdict;
  score: number;
  firstFlaggedAt: string | null;
  flaggedAfterExchanges: number | null;
  /**
   * The cluster verdict in force when the account was first flagged, when it was one of `distillation`: the verdict
   * stays after that cluster's evidence changes (a later refresh may score the group apart or benign), and the report
   * still says why it was given.
   */
  flaggedAs: ClusterVerdict | null;
  /** Matches with indicators that other providers shared (null: none so far). */
  peer: PeerEvidence | null;
}

/** What per-account detection reads of an exchange (the cluster layer reads `ClusterExchange` besides). */
export type ExchangeFacts = ProfiledExchange & Pick<Exchange, 'id' | 'ts' | 'account'>;

/** What per-account detection and the cluster layer read of an exchange. */
export type ClusterFacts = ExchangeFacts & ClusterExchange;

/**
 * The prompt and system prompt templates of an exchange, assigned outside the engine (the scan's signal worker, by
 * a template index of its own fed the same exchanges in the same order, so the same assignments).
 */
export interface AssignedTemplates {
  prompt: TemplateUse;
  systemTemplateId: string | null;
}

export interface EngineOptions {
  accounts?: Map<string, Account>;
  releases?: Release[];
  calibration?: Calibration;
  /** The cross-account layer (hydra clusters); null runs per-account detection only. */
  clusterer?: ClusterLayer | null;
  /** Log-time minutes between cluster refreshes (default 30). */
  clusterRefreshMinutes?: number;
  /**
   * Log-time minutes between the cluster layer's cheap model-pivot checks in between refreshes (default 10), so a
   * confirmed group's move to a new model is called minutes after it shows rather than at the next refresh.
   */
  pivotCheckMinutes?: number;
  /** Called after every re-scoring with the features it used (calibration and tracing). */
  onRescore?: (state: AccountState, features: AccountFeatures) => void;
  /** Indicators imported from other providers (`hydrawatch intel import`). */
  watchlist?: Watchlist | null;
  /**
   * The provider's registered benchmark items (`hydrawatch eval-items add`): matched against whole exchanges' last
   * user turn (an engine fed `observeFacts` cannot match them).
   */
  evalItems?: EvalItemRegistry | null;
}

/**
 * How often an account is re-scored: after every exchange while it is young, then every `n / 64` exchanges, which
 * delays a flag by under 2% of the account's traffic and keeps the cost per exchange flat for heavy accounts.
 */
function rescoreDue(n: number): boolean {
  return n <= 128 || n % Math.floor(n / 64) === 0;
}

export class DetectionEngine {
  private readonly states = new Map<string, AccountState>();
  private readonly accounts: Map<string, Account>;
  private readonly calibration: Calibration;
  private readonly population = new Population();
  private readonly prompts = new TemplateIndex();
  private readonly systems = new TemplateIndex();
  private readonly clusterer: ClusterLayer | null;
  private readonly refreshMs: number;
  private readonly onRescore: EngineOptions['onRescore'];
  private watchlist: Watchlist | null;
  private readonly evalItems: EvalItemRegistry | null;
  private nextRefresh = -Infinity;
  private readonly pivotCheckMs: number;
  private nextPivotCheck = -Infinity;
  private lastTime = -Infinity;
  private clusters: ClusterReport[] = [];
  /**
   * The memberships of the last refresh taken in (every account's `cluster` was set from them), and the accounts
   * seen first since or whose `cluster` a verdict on the spot (`ClusterLayer.observe`) replaced since: when the layer
   * hands out the same memberships again, only those can differ from them.
   */
  private appliedMemberships: ReadonlyMap<string, ClusterVerdict> | null = null;
  private readonly movedSinceMemberships = new Set<AccountState>();
  /** accounts whose own verdict moved since the previous refresh call (AccountScores.verdictMoves) */
  private readonly verdictMoves = new Map<string, VerdictMove>();
  private alerts: Alert[] = [];
  readonly timeline = new Timeline();
  exchanges = 0;
  badLines = 0;

  constructor(options: EngineOptions = {}) {
    this.accounts = options.accounts ?? new Map();
    this.calibration = options.calibration ?? CALIBRATION;
    this.clusterer = options.clusterer ?? null;
    this.refreshMs = (options.clusterRefreshMinutes ?? 30) * MINUTE;
    this.pivotCheckMs = (options.pivotCheckMinutes ?? 10) * MINUTE;
    this.onRescore = options.onRescore;
    this.watchlist = options.watchlist && options.watchlist.size > 0 ? options.watchlist : null;
    this.evalItems = options.evalItems && options.evalItems.size > 0 ? options.evalItems : null;
  }

  /** Replaces the peer indicators matched from the next exchange on (a peer's collection was polled). */
  setWatchlist(watchlist: Watchlist | null): void {
    this.watchlist = watchlist && watchlist.size > 0 ? watchlist : null;
  }

  /**
   * Adds one exchange (the next in time order) and returns its account's updated state. `signals`, when given, must
   * be `extractSignals` of this exchange (computed elsewhere, e.g. by the scan's worker thread).
   */
  observe(ex: Exchange, t = exchangeTime(ex), signals: ExchangeSignals = extractSignals(ex, normalizeExchange(ex))): AccountState {
    return this.add(ex, ex, this.clusterer ? clusterExchangeOf(ex) : null, t, signals, null);
  }

  /**
   * `observe` for per-account detection only (an engine without a cluster layer): takes just the facts of an
   * exchange that the profiles read, with its signals, so a scan need not carry whole exchanges to the engine.
   */
  observeFacts(facts: ExchangeFacts, t: number, signals: ExchangeSignals): AccountState {
    if (this.clusterer) throw new Error('observeFacts: the cluster layer needs whole exchanges or their cluster facts');
    return this.add(facts, null, null, t, signals, null);
  }

  /**
   * `observe` from what per-account detection and the cluster layer read, with the exchange's templates already
   * assigned (`AssignedTemplates`): an engine fed this way uses no template index of its own, so it must be fed only
   * this way. Like `observeFacts`, registered benchmark items cannot be matched without the exchange's text. `t` must
   * be the exchange's own time (`exchangeTime(facts)`, as the scan reads it): the cluster layer takes it as it is.
   */
  observeClusterFacts(facts: ClusterFacts, t: number, signals: ExchangeSignals, templates: AssignedTemplates): AccountState {
    return this.add(facts, null, facts, t, signals, templates, t);
  }

  /** What the cluster layer holds (accounts, linked pairs, live keys), or null without one. */
  get clusterSize(): { accounts: number; pairs: number; keys: number } | null {
    return this.clusterer?.size ?? null;
  }

  private add(
    ex: ExchangeFacts,
    whole: Exchange | null,
    cluster: ClusterExchange | null,
    t: number,
    signals: ExchangeSignals,
    templates: AssignedTemplates | null,
    /** `exchangeTime(ex)` when the caller has it (before the clamping below): the cluster layer's time. */
    exchangeT?: number,
  ): AccountState {
    // Online, concurrent requests and replica clocks can arrive slightly out of order: such an exchange is taken as
    // arriving at the latest time seen (the offline scan always replays in order).
    if (t < this.lastTime) t = this.lastTime;
    this.lastTime = t;
    this.exchanges++;
    const prompt = templates?.prompt ?? this.prompts.assign(signals.promptSketch, ex.account);
    const systemTemplateId =
      templates !== null ? templates.systemTemplateId : signals.systemSketch ? this.systems.assign(signals.systemSketch, ex.account).templateId : null;
    const state = this.stateOf(ex.account);
    state.exchanges++;
    const vector = state.profile.observe(ex, t, signals, prompt);
    if (this.evalItems && whole && this.evalItems.match(normalizeExchange(whole).lastUserText) !== null) state.profile.observeEvalItem(whole.model);
    this.population.capabilities.observe(signals.capability);
    if (state.ownVerdict === 'benign') this.population.reference.add(vector);
    const immediate =
      cluster === null || !this.clusterer
        ? null
        : this.clusterer.observe({
            exchange: cluster,
            signals,
            templateId: prompt.templateId,
            templateAccounts: prompt.accounts,
            systemTemplateId,
            t: exchangeT,
          });
    if (immediate !== null) {
      state.cluster = immediate;
      this.movedSinceMemberships.add(state);
      this.combine(state, ex.ts);
    }
    if (this.watchlist) this.matchWatchlist(state, ex, whole, t);
    if (rescoreDue(state.exchanges) || state.peer?.changed) this.rescore(state, ex.ts);
    this.timeline.add(t, state.verdict);
    if (this.clusterer && t >= this.nextRefresh) {
      if (this.nextRefresh !== -Infinity) this.refreshClusters(t, ex.ts);
      this.nextRefresh = (Math.floor(t / this.refreshMs) + 1) * this.refreshMs;
      // A refresh tests pivots itself: the next check is the next one after it, not one right away.
      this.nextPivotCheck = (Math.floor(t / this.pivotCheckMs) + 1) * this.pivotCheckMs;
    } else if (this.clusterer?.checkPivots && t >= this.nextPivotCheck) {
      if (this.nextPivotCheck !== -Infinity) this.checkPivots(t);
      this.nextPivotCheck = (Math.floor(t / this.pivotCheckMs) + 1) * this.pivotCheckMs;
    }
    return state;
  }

  /** Signals of one exchange without changing any state (for tools and tests). */
  static signalsOf(ex: Exchange): ExchangeSignals {
    return extractSignals(ex, normalizeExchange(ex));
  }

  get(accountId: string): AccountState | undefined {
    return this.states.get(accountId);
  }

  featuresOf(state: AccountState): AccountFeatures {
    return state.profile.features(this.population);
  }

  allStates(): IterableIterator<AccountState> {
    return this.states.values();
  }

  /** One account's entry of the report, with its own reasons and, when its cluster is not benign, the cluster's. */
  accountReport(state: AccountState): AccountReport {
    const own = scoreAccount(this.featuresOf(state), state.account, this.calibration);
    const reasons: Reason[] = [...own.reasons];
    if (state.peer) reasons.unshift(state.peer.reason());
    if (state.cluster && state.cluster.verdict !== 'benign') reasons.unshift(...state.cluster.reasons);
    const earlier = state.flaggedAs;
    if (earlier && state.cluster?.verdict !== 'distillation') reasons.unshift(flaggedEarlierReason(earlier, state.firstFlaggedAt), ...earlier.reasons);
    return {
      id: state.id,
      verdict: state.verdict,
      score: round(state.score),
      cluster: state.cluster?.cluster ?? null,
      exchanges: state.exchanges,
      first_flagged_at: state.firstFlaggedAt,
      flagged_after_exchanges: state.flaggedAfterExchanges,
      reasons,
    };
  }

  /** The clusters of the latest refresh (a new array after each refresh). */
  currentClusters(): readonly ClusterReport[] {
    return this.clusters;
  }

  /** Model-pivot and low-and-slow alerts raised so far (as of the latest cluster refresh). */
  currentAlerts(): readonly Alert[] {
    return this.alerts;
  }

  /** The cluster layer's refreshes so far, or null without a layer (or one that does not count them). */
  clusterRefreshes(): Readonly<RefreshCount> | null {
    return this.clusterer?.refreshCount ?? null;
  }

  /** A cluster of the latest refresh, with its links and evidence, or undefined. */
  clusterReport(id: string): ClusterReport | undefined {
    return this.clusters.find((c) => c.id === id);
  }

  /**
   * Takes in the cluster layer's latest result now, at the latest exchange's time, instead of at the next exchange
   * due for it (online detection, right after a background refresh).
   */
  applyClusters(): void {
    if (this.lastTime > -Infinity) this.refreshClusters(this.lastTime, new Date(this.lastTime).toISOString());
  }

  /** The links between the accounts of a cluster of the latest refresh (empty when unknown or without a cluster layer). */
  clusterLinks(id: string): AccountLink[] {
    const cluster = this.clusterReport(id);
    return cluster && this.clusterer?.linksAmong ? this.clusterer.linksAmong(cluster.accounts) : [];
  }

  /** Final cluster refresh, then the report of docs/formats.md, scan report (every account seen in the log). */
  report(now = new Date()): ScanReport {
    const report = this.streamedReport(now);
    return { ...report, accounts: report.accounts.toArray() };
  }

  /**
   * The report of `report()` with its account entries built one at a time as they are read (`scan --out` at any
   * population): the final cluster refresh runs now, and the entries read the engine as it stands when they are read.
   */
  streamedReport(now = new Date()): StreamedScanReport {
    if (this.clusterer && this.lastTime > -Infinity) {
      const last = new Date(this.lastTime).toISOString();
      this.refreshClusters(this.lastTime, last, true);
    }
    // The order of the entries (score as reported, then id) without building them.
    const order = [...this.states.values()].map((state) => ({ state, score: round(state.score) }));
    order.sort((a, b) => b.score - a.score || (a.state.id < b.state.id ? -1 : 1));
    return {
      version: 1,
      generated_at: now.toISOString(),
      input: { exchanges: this.exchanges, accounts: this.states.size, bad_lines: this.badLines },
      accounts: new AccountEntries(
        order.map((o) => o.state),
        (state) => this.accountReport(state),
      ),
      clusters: this.clusters,
      alerts: this.alerts,
    };
  }

  private stateOf(id: string): AccountState {
    let state = this.states.get(id);
    if (!state) {
      const account = this.accounts.get(id);
      state = {
        id,
        account,
        profile: new AccountProfile(account),
        exchanges: 0,
        ownScore: 0,
        ownVerdict: 'benign',
        peakScore: 0,
        ownRaw: 0,
        peakRaw: 0,
        cluster: null,
        verdict: 'benign',
        score: 0,
        firstFlaggedAt: null,
        flaggedAs: null,
        flaggedAfterExchanges: null,
        peer: null,
      };
      this.states.set(id, state);
      this.movedSinceMemberships.add(state);
    }
    return state;
  }

  private rescore(state: AccountState, ts: string): void {
    const features = this.featuresOf(state);
    const own = scoreAccount(features, state.account, this.calibration, false);
    state.ownScore = own.score;
    state.ownRaw = own.raw;
    if (state.exchanges >= this.calibration.minExchanges && own.raw > state.peakRaw) state.peakRaw = own.raw;
    if (own.verdict !== state.ownVerdict && this.clusterer) this.noteVerdictMove(state, own.verdict);
    state.ownVerdict = own.verdict;
    if (own.score > state.peakScore) state.peakScore = own.score;
    this.onRescore?.(state, features);
    this.combine(state, ts);
  }

  /** Without the whole exchange (per-account scan), only addresses and user agents can be matched. */
  private matchWatchlist(state: AccountState, facts: ExchangeFacts, whole: Exchange | null, t: number): void {
    const matches = this.watchlist!.matchExchange(whole ?? { ip: facts.ip, user_agent: facts.user_agent, request: {}, endpoint: 'chat.completions' }, t);
    if (state.exchanges === 1) matches.push(...this.watchlist!.matchPayment(state.account?.payment, t));
    if (matches.length === 0) return;
    (state.peer ??= new PeerEvidence()).add(matches);
  }

  /**
   * Verdict = the stronger of own and cluster; `distillation` is sticky and stamps first_flagged_at once. Peer
   * indicators add to the account's own score and can lift its own `suspicious` to `distillation`, never a benign
   * account by themselves.
   */
  private combine(state: AccountState, ts: string): void {
    const clusterScore = state.cluster?.score ?? 0;
    const clusterVerdict = state.cluster?.verdict ?? 'benign';
    let ownVerdict = state.ownVerdict;
    let ownScore = state.ownScore;
    if (state.peer) {
      state.peer.changed = false;
      ownScore = Math.min(1, ownScore + state.peer.boost());
      if (ownVerdict === 'suspicious' && state.peer.corroborates()) ownVerdict = 'distillation';
      else ownScore = Math.min(ownScore, verdictCeiling(ownVerdict));
    }
    let verdict: Verdict = VERDICT_RANK[clusterVerdict] > VERDICT_RANK[ownVerdict] ? clusterVerdict : ownVerdict;
    let score = Math.max(ownScore, clusterScore);
    if (state.firstFlaggedAt !== null) {
      verdict = 'distillation';
      score = Math.max(score, state.peakScore, state.score);
    } else if (verdict === 'distillation') {
      state.firstFlaggedAt = ts;
      state.flaggedAfterExchanges = state.exchanges;
      if (clusterVerdict === 'distillation') state.flaggedAs = state.cluster;
    }
    state.verdict = verdict;
    state.score = verdict === 'distillation' ? score : Math.min(score, verdictCeiling(verdict));
  }

  /** Takes in the alerts of a pivot check between refreshes (verdicts and clusters stay as the last refresh left them). */
  private checkPivots(t: number): void {
    const alerts = this.clusterer?.checkPivots?.(t) ?? null;
    if (alerts !== null) this.alerts = alerts;
  }

  /** Keeps, per account, its own verdict as of the previous refresh call (`before`) and now (AccountScores.verdictMoves). */
  private noteVerdictMove(state: AccountState, now: Verdict): void {
    const move = this.verdictMoves.get(state.id);
    if (move === undefined) this.verdictMoves.set(state.id, { before: state.ownVerdict, now });
    else move.now = now;
  }

  private refreshClusters(t: number, ts: string, final = false): void {
    if (!this.clusterer) return;
    const build = (): Map<string, OwnScore> => {
      const built = new Map<string, OwnScore>();
      for (const s of this.states.values()) built.set(s.id, { score: s.ownScore, verdict: s.ownVerdict, exchanges: s.exchanges });
      return built;
    };
    const result = this.clusterer.refresh(t, new OwnScores(build, this.verdictMoves), { final });
    this.verdictMoves.clear();
    this.clusters = result.clusters;
    this.alerts = result.alerts;
    const changed = result.accountCluster === this.appliedMemberships ? this.movedSinceMemberships : this.states.values();
    for (const state of changed) {
      const c = result.accountCluster.get(state.id) ?? null;
      if (c === state.cluster) continue;
      state.cluster = c;
      this.combine(state, ts);
    }
    this.appliedMemberships = result.accountCluster;
    this.movedSinceMemberships.clear();
  }
}

function verdictCeiling(v: Verdict): number {
  return v === 'benign' ? 0.4999 : v === 'suspicious' ? 0.7999 : 1;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export { verdictOf };

/** Why a sticky `distillation` stands when the cluster that gave it no longer does (its reasons follow it). */
function flaggedEarlierReason(earlier: ClusterVerdict, at: string | null): Reason {
  return {
    signal: 'flagged_earlier',
    weight: round(earlier.score),
    detail:
      `flagged at ${at ?? 'an earlier refresh'} as a member of ${earlier.cluster} (distillation, score ${round(earlier.score)}); ` +
      'the verdict stays, though that cluster has been scored again since; the reasons it gave then follow',
  };
}
