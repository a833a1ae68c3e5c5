/**
 * The hydra-cluster layer: links accounts that one operator runs (shared payment, addresses, client fingerprints,
 * uncommon templates and system prompts, synchronized activity, registration bursts, successors of accounts that
 * went quiet), finds the groups with Louvain, scores each group as a whole and carries its verdict, with the
 * evidence that links each member, to the members whose traffic is harvesting. Also raises model-launch pivot and
 * low-and-slow alerts. `observe` runs per exchange and is cheap; `refresh` runs on a schedule of log time.
 *
 * @example
 *   const clusterer = new HydraClusterer({ accounts, releases });
 *   clusterer.observe({ exchange, signals, templateId, templateAccounts, systemTemplateId });
 *   const { clusters, accountCluster, alerts } = clusterer.refresh(now, accountScores);
 */
import { signedUpAt, type Account, type Release } from '../../exchange/account.js';
import { exchangeTime } from '../../exchange/exchange.js';
import { lookupAsn } from '../../signals/asn.js';
import { subnetKey } from '../../signals/ip-ranges.js';
import type { Alert, Verdict } from '../report.js';
import { agentSetupId, newAccountSummary, ownReleaseHours, recordAgentSetup, recordExchange, type AccountSummary } from './account-summary.js';
import { buildRefresh } from './refresh.js';
import { restatedVerdict } from './member-reasons.js';
import { recheckPivots } from './pivot-alerts.js';
import { isTrusted, mayCarryVerdict, type ClusterScore, type MemberContext } from './cluster-score.js';
import { FOOTPRINT_EXCHANGES as FOOTPRINT_FRESH_EXCHANGES, FootprintMatcher, type ConfirmedMember } from './footprint.js';
import { rotationSuccessor } from './rotation-successor.js';
import { HandoverMemory } from './handover-memory.js';
import { KeyBuckets } from './key-buckets.js';
import { LINK_KINDS, LINK_SPECS, crowdFactor, type LinkKind } from './link-kinds.js';
import { PairLinks } from './pair-links.js';
import { newAddressLevels } from './address-churn.js';
import { recordReleaseHour } from './pivot.js';
import { LouvainGraph, type Partition } from './communities.js';
import { ComponentCommunities } from './component-communities.js';
import { ClusterScoreCache } from './score-cache.js';
import { MemberLinks } from './member-links.js';
import { LOW_SLOW_MIN_ACCOUNTS } from './low-and-slow.js';
import { PaymentRegistry } from './payment-registry.js';
import { UnionFind } from './union-find.js';
import { CONTENT_MIN_ACCOUNTS, SignUpCalendar } from './content-campaign.js';
import { campaignSuccessor, rememberCampaignSetup, type CampaignSetup } from './campaign-successor.js';

import type { AccountLink, AccountScores, ClusterObservation, ClusterRefresh, ClusterVerdict, RefreshCount, VerdictMove } from '../cluster-layer.js';

export type { AccountScores, ClusterObservation, ClusterRefresh, ClusterVerdict };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Width of the synchrony windows: accounts acting on the same template within the same 10 minutes. */
export const SYNC_WINDOW_MS = LINK_SPECS.sync.windowMs;
/** Accounts per synchrony window and template that are paired (the rest are only counted, for crowding). */
const SYNC_PAIR_CAP = 16;
/**
 * Templates used by more accounts than this make synchrony cheaper: acting on a popular template in the same minutes
 * as someone else is expected by chance, on a rare one it is coordination.
 */
const SYNC_TEMPLATE_FREE = 8;
/** A fresh account is matched against confirmed campaigns' setups over its first this many exchanges. */
const FOOTPRINT_EXCHANGES = 3;
/** Registration proximity buckets. */
const REGISTRATION_BUCKET_MS = 15 * MINUTE;
/** An account that has been silent this long counts as gone quiet for successor links. */
export const QUIET_MS = 6 * HOUR;
/** A key weaker than this does not start a new pair (it still strengthens existing ones). */
export const MIN_NEW_PAIR_WEIGHT = 0.05;
/** A full refresh at least this often (log time), however little changed. */
const MAX_SKIP_MS = 6 * HOUR;
/** A refresh is skipped when new exchanges and new linked pairs are below this share of those already there... */
const SKIP_SHARE = 0.05;
/** ...and new accounts, and accounts whose own verdict changed, below this share of the accounts. */
const SKIP_ACCOUNT_SHARE = 0.01;
/** Per-account re-touch interval for its address-derived keys when the address does not change. */
const RETOUCH_MS = HOUR;

interface SyncBucket {
  members: number[];
  n: number;
  /** the template's key (touched in this window, so not swept before the window is flushed) */
  templateKey: number;
}

/** Mutable state shared with the refresh step. */
export interface ClustererState {
  readonly accounts: Map<string, Account>;
  /** accounts per payment instrument by sign-up time */
  readonly payments: PaymentRegistry;
  /** sign-up times of every registered account (for sign-up waves) */
  readonly calendar: SignUpCalendar;
  /** system prompt and agent setup keys used by several accounts (candidates for coordinated-content campaigns) */
  readonly setupCandidates: Set<number>;
  readonly releases: { model: string; at: number }[];
  readonly keys: KeyBuckets;
  readonly links: PairLinks;
  readonly summaries: AccountSummary[];
  /** template keys used by several accounts (candidates for low-and-slow) */
  readonly lowSlowCandidates: Set<number>;
  /** templates of the low-and-slow families found so far */
  readonly lowSlowKnown: Set<string>;
  /** address keys used by two or more accounts (for joining pieces of one operator, see address-merge.ts) */
  readonly sharedAddresses: Set<number>;
  readonly alerts: Alert[];
  readonly alerted: Set<string>;
  /** per release: the accounts each model-pivot alert named, so a group is alerted once (pivot-groups.ts) */
  readonly pivotNamed: Map<number, Set<number>[]>;
  /** per release: the accounts a model-pivot alert named after they had moved themselves (their move was told) */
  readonly pivotTold: Map<number, Set<number>>;
  readonly flagged: Set<number>;
  /** members confirmed as distillation by a cluster verdict, with the cluster (for campaign footprints) */
  readonly confirmed: Map<number, ConfirmedMember>;
  partition: Partition | null;
  /** the Louvain input graph, updated in place between refreshes */
  readonly graph: LouvainGraph;
  /** the communities of each component of that graph, kept until its links change */
  readonly components: ComponentCommunities;
  /** the scores of the last refresh's clusters, kept while nothing they were scored on changes */
  readonly scores: ClusterScoreCache;
  /** scratch of each refresh: the evidence linking each member inside its community */
  readonly memberLinks: MemberLinks;
  lastFull: number;
  lastSweep: number;
  changesSinceFull?: number;
  /** accounts a distillation cluster verdict covered at the previous refresh */
  coveredBefore: Set<number>;
  /** members the last full refresh covered for the first time (held at suspicious until a repeat confirms them) */
  pending: Map<string, { idx: number; fleetCard: FleetCard | null; setups: CampaignSetup[] }>;
  /** payment instruments of fleets confirmed as distillation: a new account they pay for is the same operator's */
  readonly fleetCards: Map<string, FleetCard>;
  /** setups (system prompt templates, agent setups) of coordinated-content campaigns confirmed as distillation */
  readonly campaignSetups: Map<string, CampaignSetup>;
  /** clusters whose rotating fleet was judged distillation, with their score (rotation.ts, rotation-successor.ts) */
  readonly rotationClusters: Map<string, number>;
  /** hand-overs of rotating fleets seen so far, kept when their accounts leave the graph (handover-memory.ts) */
  readonly handovers: HandoverMemory;
  /** the flagged clusters of the previous refresh, re-checked for pivots when a refresh is skipped */
  pivotBasis: PivotBasis[];
  /**
   * accounts tied so far by starting together on rare shared templates (start-wave.ts), kept: the templates were rare
   * when the tie was seen, and grow crowded as the operator's list is reused
   */
  readonly startWaveTies: UnionFind;
}

/** A flagged cluster as the model-pivot test sees it (refresh.ts, raisePivots). */
export interface PivotBasis {
  id: string;
  /** how alerts describe the group when it is not a cluster (a pivot cohort, pivot-cohorts.ts) */
  who?: string;
  /**
   * accounts that must have moved themselves (moversOf) for its reading to be an alert (default 0: a cluster that
   * moved is named whole when none of its members did alone)
   */
  minMovers?: number;
  /** the members whose traffic harvests: their move is the sharper signal */
  harvesters: AccountSummary[];
  everyone: AccountSummary[];
  /** coordinated groups of harvesters inside the cluster, tested apart (pivot-groups.ts) */
  groups: number[][];
  /**
   * tested at each check on the accounts whose first exchange on the new model is recent, each such wave alerted once
   * rather than the basis once per release (pivot-loners.ts: accounts nothing but their move ties)
   */
  waves?: boolean;
}

/** A payment instrument of a confirmed fleet, with the cluster that confirmed it. */
export interface FleetCard {
  payment: string;
  cluster: string;
  score: number;
}

/** What the last full refresh saw, to decide whether the next one can be skipped. */
interface LastRun {
  result: ClusterRefresh;
  at: number;
  exchanges: number;
  accounts: number;
  pairs: number;
  /** every account's own verdict at this refresh: kept only when the caller tells no verdict moves (AccountScores) */
  own: Map<string, Verdict> | null;
}

export class HydraClusterer {
  private readonly state: ClustererState;
  private readonly index = new Map<string, number>();
  private readonly lastAddr: { ip: string; ipAt: number; ua: string; uaAt: number; fp: string; fpAt: number }[] = [];
  private readonly sync = new Map<number, Map<string, SyncBucket>>();
  private readonly asnCache = new Map<string, number>();
  private exchanges = 0;
  private lastRun: LastRun | null = null;
  /** per account whose own verdict moved since the last full refresh: its verdict then (`before`) and now */
  private readonly movedSinceFull = new Map<string, VerdictMove>();
  private readonly footprint: FootprintMatcher;
  /** full refreshes run and refreshes skipped, and the seconds the full ones took (for benchmarks and monitoring) */
  readonly refreshCount: RefreshCount = { full: 0, skipped: 0, seconds: 0 };

  /** with `alwaysRefresh`, every refresh re-clusters even when little changed (for tests and comparisons) */
  private readonly alwaysRefresh: boolean;

  /**
   * `fullPasses`: see PairLinks, ComponentCommunities and ClusterScoreCache (for tests comparing the refresh that follows changes with
   * whole passes).
   */
  constructor(options: { accounts: Map<string, Account>; releases: Release[]; alwaysRefresh?: boolean; fullPasses?: boolean }) {
    this.alwaysRefresh = options.alwaysRefresh === true;
    const keys = new KeyBuckets();
    this.state = {
      accounts: options.accounts,
      payments: new PaymentRegistry(options.accounts.values()),
      calendar: new SignUpCalendar(options.accounts.values()),
      setupCandidates: new Set(),
      releases: options.releases
        .map((r) => ({ model: r.model, at: Date.parse(r.released) }))
        .filter((r) => Number.isFinite(r.at)),
      keys,
      links: new PairLinks(keys, { fullPasses: options.fullPasses === true }),
      summaries: [],
      lowSlowCandidates: new Set(),
      lowSlowKnown: new Set(),
      sharedAddresses: new Set(),
      alerts: [],
      alerted: new Set(),
      pivotNamed: new Map(),
      pivotTold: new Map(),
      flagged: new Set(),
      confirmed: new Map(),
      partition: null,
      graph: new LouvainGraph(),
      components: new ComponentCommunities({ recomputeAll: options.fullPasses === true }),
      scores: new ClusterScoreCache({ disabled: options.fullPasses === true }),
      memberLinks: new MemberLinks(),
      lastFull: -Infinity,
      lastSweep: -Infinity,
      coveredBefore: new Set(),
      pending: new Map(),
      fleetCards: new Map(),
      campaignSetups: new Map(),
      rotationClusters: new Map(),
      handovers: new HandoverMemory(),
      pivotBasis: [],
      startWaveTies: new UnionFind(),
    };
    this.footprint = new FootprintMatcher(keys, this.state.confirmed);
  }

  /** The links between any two of `accounts`, with their kinds of evidence (quadratic in `accounts`: one cluster). */
  linksAmong(accounts: readonly string[]): AccountLink[] {
    const ids = accounts.map((a) => this.index.get(a) ?? -1);
    const links = this.state.links;
    const out: AccountLink[] = [];
    for (let i = 0; i < ids.length; i++) {
      const x = ids[i] ?? -1;
      if (x < 0) continue;
      for (let j = i + 1; j < ids.length; j++) {
        const y = ids[j] ?? -1;
        const slot = y < 0 ? -1 : links.slotOf(x, y);
        if (slot < 0) continue;
        const kinds: string[] = [];
        links.visitEvidence(slot, (kind) => kinds.push(LINK_KINDS[kind] ?? 'unknown'));
        out.push({ a: accounts[i]!, b: accounts[j]!, kinds, weight: Math.round(links.weight(slot) * 1000) / 1000 });
      }
    }
    return out;
  }

  /**
   * Components partitioned by Louvain and kept as they were, clusters scored and kept as they were, over all refreshes
   * (for benchmarks and tests of the refresh that follows changes).
   */
  get reuse(): { components: { partitioned: number; kept: number }; scores: { scored: number; kept: number } } {
    return { components: { ...this.state.components.runs }, scores: { ...this.state.scores.runs } };
  }

  /** Number of accounts seen and of linked pairs (for benchmarks and monitoring). */
  get size(): { accounts: number; pairs: number; keys: number } {
    return { accounts: this.state.summaries.length, pairs: this.state.links.size, keys: this.state.keys.live.keys };
  }

  /**
   * Folds one exchange into the link graph and the account's summary. Cheap: a few map updates. Returns the verdict
   * of a new account paid by a card of a confirmed fleet (see `ClusterLayer.observe`), else null.
   */
  observe(input: ClusterObservation): ClusterVerdict | null {
    const ex = input.exchange;
    const t = input.t ?? exchangeTime(ex);
    this.exchanges++;
    this.state.links.advance(t);
    let idx = this.index.get(ex.account);
    const isNew = idx === undefined;
    let immediate: ClusterVerdict | null = null;
    if (idx === undefined) {
      idx = this.state.summaries.length;
      this.index.set(ex.account, idx);
      this.state.summaries.push(newAccountSummary(idx, ex.account, t));
      this.lastAddr.push({ ip: '', ipAt: -Infinity, ua: '', uaAt: -Infinity, fp: '', fpAt: -Infinity });
      this.linkRegistration(idx, ex.account, t);
      immediate = this.fleetSuccessor(idx, ex.account);
    }
    const sum = this.state.summaries[idx];
    const addr = this.lastAddr[idx];
    if (sum === undefined || addr === undefined) return immediate;
    const harvest = recordExchange(
      sum,
      t,
      ex.model,
      input.signals,
      input.templateId,
      input.systemTemplateId,
      ex.promptHash,
    );
    recordReleaseHour(sum, this.state.releases, t, ex.model);
    const toolSchema = ex.toolSchema;
    const agentSetup = toolSchema === null ? null : agentSetupId(input.systemTemplateId, toolSchema);
    if (agentSetup !== null) recordAgentSetup(sum, agentSetup);
    if (immediate === null && input.systemTemplateId !== null) immediate = this.campaignSuccessor(idx, sum, t, input.systemTemplateId);
    if (immediate === null && agentSetup !== null) immediate = this.campaignSuccessor(idx, sum, t, agentSetup);

    const ua = ex.user_agent ?? '';
    const fp = ex.client_fp ?? '';
    if (ex.ip !== addr.ip || t - addr.ipAt >= RETOUCH_MS) {
      const subnet = subnetKey(ex.ip);
      if (ex.ip !== addr.ip) this.state.links.noteAddressDraws(idx, newAddressLevels(this.state.keys, idx, ex.ip, subnet));
      addr.ip = ex.ip;
      addr.ipAt = t;
      const ipKey = this.state.keys.idIn('ip:', ex.ip);
      if (this.touchId(idx, 'ip', ipKey, t, isNew) && this.state.keys.distinct(ipKey) === 2) this.state.sharedAddresses.add(ipKey);
      if (subnet !== null) this.touch(idx, 'subnet', 'net:', subnet, t, isNew);
      const asn = ex.asn ?? this.asnOf(ex.ip);
      if (asn > 0) this.touch(idx, 'asn', 'asn:', String(asn), t, false);
      if (immediate === null && sum.exchanges <= FOOTPRINT_FRESH_EXCHANGES && !this.state.flagged.has(idx)) {
        immediate = this.rotationSuccessor(idx, sum, ipKey, t);
      }
    }
    if (ua !== addr.ua || t - addr.uaAt >= RETOUCH_MS) {
      addr.ua = ua;
      addr.uaAt = t;
      if (ua !== '') this.touch(idx, 'user_agent', 'ua:', ua, t, false);
    }
    if (fp !== addr.fp || t - addr.fpAt >= RETOUCH_MS) {
      addr.fp = fp;
      addr.fpAt = t;
      if (fp !== '') this.touch(idx, 'client_fp', 'fp:', fp, t, isNew);
    }
    const tk = this.state.keys.idIn('t:', input.templateId);
    this.state.keys.tally(tk, harvest);
    if (this.touchId(idx, 'template', tk, t, false) && this.state.keys.distinct(tk) >= LOW_SLOW_MIN_ACCOUNTS) {
      this.state.lowSlowCandidates.add(tk);
    }
    if (input.systemTemplateId !== null) {
      const sk = this.state.keys.idIn('sp:', input.systemTemplateId);
      if (this.touchId(idx, 'system_prompt', sk, t, false) && this.state.keys.distinct(sk) >= CONTENT_MIN_ACCOUNTS) {
        this.state.setupCandidates.add(sk);
      }
    }
    if (agentSetup !== null) {
      // Membership only, no pair links: the system prompt already links its users, and a tool schema is public.
      const ak = this.state.keys.idIn('as:', agentSetup);
      if (this.state.keys.touch(ak, idx, t, Infinity) !== null && this.state.keys.distinct(ak) >= CONTENT_MIN_ACCOUNTS) {
        this.state.setupCandidates.add(ak);
      }
    }
    this.observeSync(idx, input.templateId, tk, t);
    if (immediate === null && this.footprint.active && sum.exchanges <= FOOTPRINT_FRESH_EXCHANGES) {
      immediate = this.footprintSuccessor(idx, sum);
    }
    return immediate;
  }

  /** A fresh account on a confirmed campaign's footprint in two independent kinds, doing harvest-type work (footprint.ts). */
  private footprintSuccessor(idx: number, sum: AccountSummary): ClusterVerdict | null {
    if (this.state.flagged.has(idx)) return null;
    const account = this.state.accounts.get(sum.id);
    if (!mayCarryVerdict(account)) return null;
    const match = this.footprint.match(idx, sum);
    if (match === null) return null;
    this.confirm(idx, match.cluster, match.score);
    return { cluster: match.cluster, verdict: 'distillation', score: match.score, reasons: match.reasons };
  }

  /** A fresh sign-up on a confirmed rotating fleet's own address while the fleet works there (rotation-successor.ts). */
  private rotationSuccessor(idx: number, sum: AccountSummary, ipKey: number, t: number): ClusterVerdict | null {
    const account = this.state.accounts.get(sum.id);
    if (!mayCarryVerdict(account)) return null;
    const v = rotationSuccessor(this.state.keys, this.state.confirmed, this.state.rotationClusters, account, idx, ipKey, t, sum.exchanges);
    if (v !== null) this.confirm(idx, v.cluster, v.score);
    return v;
  }

  /** Records a member confirmed as distillation by cluster evidence. */
  private confirm(idx: number, cluster: string, score: number): void {
    this.state.flagged.add(idx);
    this.state.confirmed.set(idx, { cluster, score });
  }

  /** A new account paid by a card of a confirmed fleet is one more of its accounts: flagged at its first exchange. */
  private fleetSuccessor(idx: number, accountId: string): ClusterVerdict | null {
    const account = this.state.accounts.get(accountId);
    const card = account?.payment === undefined ? undefined : this.state.fleetCards.get(account.payment);
    if (card === undefined || isTrusted(account)) return null;
    this.confirm(idx, card.cluster, card.score);
    const others = this.state.keys.distinct(this.state.keys.findIn('pay:', card.payment)) - 1;
    return {
      cluster: card.cluster,
      verdict: 'distillation',
      score: card.score,
      reasons: [
        {
          signal: 'link_payment',
          weight: LINK_SPECS.payment.base,
          detail:
            `paid by pay:${card.payment}, which pays for ${others} other account(s) of ${card.cluster}, ` +
            `a fleet confirmed as distillation: flagged at its first exchange`,
        },
      ],
    };
  }

  /**
   * A fresh account on a confirmed coordinated-content campaign's own setup, in its first few exchanges: a replacement
   * or one of the campaign's wave accounts put to work (campaign-successor.ts), flagged at once rather than a refresh
   * and a confirmation later.
   */
  private campaignSuccessor(idx: number, sum: AccountSummary, t: number, setupId: string): ClusterVerdict | null {
    if (sum.exchanges > FOOTPRINT_EXCHANGES || this.state.flagged.has(idx)) return null;
    const setup = this.state.campaignSetups.get(setupId);
    if (setup === undefined) return null;
    const verdict = campaignSuccessor(setup, this.state.accounts.get(sum.id), sum, t);
    if (verdict !== null) this.confirm(idx, setup.cluster, setup.score);
    return verdict;
  }

  /**
   * A release announced while detection runs (the admin API, `releases add`): its hours are counted from the next
   * exchange on. A moved date starts that release's counters afresh, since the hours counted meant other hours.
   */
  setRelease(release: Release): void {
    const at = Date.parse(release.released);
    if (!Number.isFinite(at)) return;
    const releases = this.state.releases;
    const r = releases.findIndex((x) => x.model === release.model);
    if (r === -1) {
      releases.push({ model: release.model, at });
      return;
    }
    if (releases[r]?.at === at) return;
    releases[r] = { model: release.model, at };
    for (const sum of this.state.summaries) if (sum?.releaseHours.has(r)) ownReleaseHours(sum).delete(r);
    this.state.pivotNamed.delete(r);
    this.state.pivotTold.delete(r);
  }

  /** See ClusterLayer.checkPivots: nothing before the first full refresh (no groups to test yet). */
  checkPivots(now: number): Alert[] | null {
    if (this.lastRun === null) return null;
    const before = this.state.alerts.length;
    recheckPivots(this.state, now);
    return this.state.alerts.length === before ? null : [...this.state.alerts];
  }

  /** Re-clusters, scores every cluster and returns the verdicts to carry to members (see refresh.ts). */
  refresh(now: number, accountScores: AccountScores, options: { final?: boolean } = {}): ClusterRefresh {
    this.flushSync(Math.floor(now / SYNC_WINDOW_MS));
    const moves = accountScores.verdictMoves;
    if (moves !== undefined) this.noteVerdictMoves(moves);
    const last = this.lastRun;
    if (options.final !== true && !this.alwaysRefresh && last !== null && !this.changedEnough(last, now, accountScores)) {
      this.refreshCount.skipped++;
      recheckPivots(this.state, now);
      this.confirmPending(last);
      return { ...last.result, alerts: [...this.state.alerts] };
    }
    const started = performance.now();
    const result = buildRefresh(this.state, now, accountScores);
    this.refreshCount.full++;
    this.refreshCount.seconds += (performance.now() - started) / 1000;
    this.movedSinceFull.clear();
    let own: Map<string, Verdict> | null = null;
    if (moves === undefined) {
      own = new Map();
      for (const [id, s] of accountScores) own.set(id, s.verdict);
    }
    this.lastRun = {
      result,
      at: now,
      exchanges: this.exchanges,
      accounts: this.state.summaries.length,
      pairs: this.state.links.size,
      own,
    };
    return result;
  }

  /**
   * Whether enough changed since the last full refresh for a new one to be able to conclude anything different:
   * a refresh re-partitions and re-scores everything, and on a large graph 30 minutes of traffic rarely moves it.
   * Skipped only when new exchanges, new accounts, new linked pairs and changed per-account verdicts are all a small
   * share of what is there and the last full refresh is recent.
   */
  private changedEnough(last: LastRun, now: number, scores: AccountScores): boolean {
    if (now - last.at >= MAX_SKIP_MS) return true;
    if (this.exchanges - last.exchanges > SKIP_SHARE * last.exchanges) return true;
    if (this.state.summaries.length - last.accounts > SKIP_ACCOUNT_SHARE * last.accounts) return true;
    if (this.state.links.size - last.pairs > SKIP_SHARE * last.pairs) return true;
    let changed = 0;
    const allowed = SKIP_ACCOUNT_SHARE * last.accounts;
    if (scores.verdictMoves !== undefined) {
      for (const m of this.movedSinceFull.values()) if (m.now !== m.before && ++changed > allowed) return true;
      return false;
    }
    if (last.own === null) return true;
    for (const [id, s] of scores) {
      if (s.verdict !== (last.own.get(id) ?? 'benign') && ++changed > allowed) return true;
    }
    return false;
  }

  /** Folds the own-verdict moves since the previous refresh call into those since the last full refresh. */
  private noteVerdictMoves(moves: ReadonlyMap<string, VerdictMove>): void {
    for (const [id, m] of moves) {
      const since = this.movedSinceFull.get(id);
      if (since === undefined) this.movedSinceFull.set(id, { before: m.before, now: m.now });
      else since.now = m.now;
    }
  }

  /**
   * A skipped refresh stands for a repeat of the last one (little changed), so it confirms the members that one covered
   * for the first time, as a second full refresh would.
   */
  private confirmPending(last: LastRun): void {
    if (this.state.pending.size === 0) return;
    const accountCluster = new Map(last.result.accountCluster);
    for (const [id, { idx, fleetCard, setups }] of this.state.pending) {
      const v = accountCluster.get(id);
      if (v === undefined) continue;
      accountCluster.set(id, restatedVerdict(v, { verdict: 'distillation' }));
      this.confirm(idx, v.cluster, v.score);
      if (fleetCard !== null) this.state.fleetCards.set(fleetCard.payment, fleetCard);
      for (const setup of setups) rememberCampaignSetup(this.state.campaignSetups, setup);
    }
    this.state.pending.clear();
    last.result = { ...last.result, accountCluster };
  }

  private asnOf(ip: string): number {
    let asn = this.asnCache.get(ip);
    if (asn === undefined) {
      asn = lookupAsn(ip)?.asn ?? 0;
      if (this.asnCache.size >= 200_000) this.asnCache.clear();
      this.asnCache.set(ip, asn);
    }
    return asn;
  }

  /** Touches the key `prefix + rest` (see KeyBuckets.idIn). */
  private touch(idx: number, kind: LinkKind, prefix: string, rest: string, t: number, isNew: boolean): void {
    this.touchId(idx, kind, this.state.keys.idIn(prefix, rest), t, isNew);
  }

  /** Touches a key; links the account to recent partners on it. Returns whether the touch was news. */
  private touchId(idx: number, kind: LinkKind, id: number, t: number, isNew: boolean): boolean {
    const spec = LINK_SPECS[kind];
    const partners = this.state.keys.touch(id, idx, t, spec.windowMs);
    if (partners === null) return false;
    if (this.footprint.active && (this.state.summaries[idx]?.exchanges ?? Infinity) <= FOOTPRINT_FRESH_EXCHANGES) {
      this.footprint.note(idx, kind, id);
    }
    // Crowded keys (a cloud ASN, a stock user agent) are not worth pairing: their weight would be negligible.
    const crowd = crowdFactor(this.state.keys.distinct(id), spec.free, spec.falloff);
    const worth = spec.base * crowd;
    // A crowded key pairs with fewer of its recent accounts: its links are weak, and a chain through the most recent
    // ones is enough to keep a real group connected. Pairs it would only weakly start are not started.
    let budget = Math.max(2, Math.round(partners.length * crowd));
    for (let i = partners.length - 1; i >= 0; i--) {
      const p = partners[i];
      if (p === undefined) continue;
      const gap = t - p.lastSeen;
      if (gap < spec.windowMs && budget > 0 && (worth >= MIN_NEW_PAIR_WEIGHT || this.state.links.has(idx, p.account))) {
        this.state.links.add(idx, p.account, kind, id);
        budget--;
      }
      // A new account in the neighbourhood of one that went quiet (or was flagged and stopped) succeeds it.
      if (isNew && gap <= LINK_SPECS.successor.windowMs) {
        const flagged = this.state.flagged.has(p.account);
        // Scaled by how crowded the neighbourhood is: in a carrier NAT someone always went quiet recently.
        if (gap >= QUIET_MS || (flagged && gap >= HOUR)) {
          const crowd = crowdFactor(this.state.keys.distinct(id), spec.free);
          if (crowd >= 0.5) this.state.links.add(idx, p.account, 'successor', -1, (flagged ? 1 : 0.7) * crowd);
        }
      }
    }
    return true;
  }

  private linkRegistration(idx: number, accountId: string, t: number): void {
    const account = this.state.accounts.get(accountId);
    if (account === undefined) return;
    if (account.payment !== undefined) this.touch(idx, 'payment', 'pay:', account.payment, t, true);
    const created = signedUpAt(account);
    if (!Number.isFinite(created)) return;
    const bucket = Math.floor(created / REGISTRATION_BUCKET_MS);
    if (account.email_domain !== undefined) {
      this.touch(idx, 'registration', 'reg:', `${account.email_domain}:${account.country ?? ''}:${bucket}`, created, false);
    }
  }

  private observeSync(idx: number, templateId: string, templateKey: number, t: number): void {
    const w = Math.floor(t / SYNC_WINDOW_MS);
    this.flushSync(w);
    let window = this.sync.get(w);
    if (window === undefined) this.sync.set(w, (window = new Map()));
    let bucket = window.get(templateId);
    if (bucket === undefined) window.set(templateId, (bucket = { members: [], n: 0, templateKey }));
    if (bucket.members.includes(idx)) return;
    bucket.n++;
    this.state.links.noteSyncAction(idx);
    if (bucket.members.length < SYNC_PAIR_CAP) bucket.members.push(idx);
  }

  /** Closes synchrony windows older than the previous one: pairs their accounts, weighted by how crowded. */
  private flushSync(current: number): void {
    for (const [w, window] of this.sync) {
      if (w >= current - 1) continue;
      for (const bucket of window.values()) {
        if (bucket.members.length < 2) continue;
        const users = this.state.keys.distinct(bucket.templateKey);
        const mass = crowdFactor(bucket.n, LINK_SPECS.sync.free) * crowdFactor(users, SYNC_TEMPLATE_FREE);
        if (LINK_SPECS.sync.base * mass < 0.02) continue;
        for (let i = 0; i < bucket.members.length; i++) {
          for (let j = i + 1; j < bucket.members.length; j++) {
            this.state.links.add(bucket.members[i] ?? 0, bucket.members[j] ?? 0, 'sync', -1, mass);
          }
        }
      }
      this.sync.delete(w);
    }
  }
}
