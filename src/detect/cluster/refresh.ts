/**
 * One refresh of the cluster layer: re-partitions the link graph (Louvain, or incremental placement between full
 * runs), finds low-and-slow groups, scores every cluster, carries verdicts to the members whose traffic harvests,
 * with the evidence linking each one, and raises model-launch pivot alerts.
 */
import type { Alert, ClusterReport, Verdict } from '../report.js';
import { evaluationLikeTraffic, harvestsRegularly, type AccountSummary } from './account-summary.js';
import {
  DISTILLATION_SCORE,
  accountableMember,
  mayCarryVerdict,
  isTrusted,
  SUSPICIOUS_SCORE,
  type ClusterScore,
  type MemberContext,
} from './cluster-score.js';
import { extendPartition, louvainPartition, MIN_EDGE_WEIGHT, type Partition } from './communities.js';
import type { AccountScores, ClusterRefresh, ClusterVerdict, ClustererState } from './index.js';
import { rememberCampaignSetup, type CampaignSetup } from './campaign-successor.js';
import { LINK_KINDS } from './link-kinds.js';
import { findLowAndSlow, type LowAndSlowGroup, type TemplateUsers } from './low-and-slow.js';
import { findContentCampaigns, SignUpCalendar, type ContentCampaign, type SetupUsers } from './content-campaign.js';
import { findStartWaves } from './start-wave.js';
import { logStartOf } from './observed-start.js';
import { mergeBySharedAddresses } from './address-merge.js';
import { returnUnclaimedPieces, splitLooseCores } from './core-split.js';
import { membersByCommunity } from './community-members.js';
import { coreOf } from './control-core.js';
import { applyRotation, rotatingFleet } from './rotation.js';
import { rotationExitGroups } from './rotation-exits.js';
import { communitySizes, placeGroup } from './group-placement.js';
import { joinContentPieces } from './content-pieces.js';
import type { UnionFind } from './union-find.js';
import { HARD_TIE_KINDS, linkMembers, MIN_HARD_TIE, MIN_SOFT_TIE, softlyTied, SYNC_KIND } from './control-ties.js';
import { pivotBasis, raisePivots } from './pivot-alerts.js';
import { pivotCohorts } from './pivot-cohorts.js';
import { pivotLoners } from './pivot-loners.js';
import { MemberVerdict, type MemberLinkFact } from './member-reasons.js';
import type { MemberLinks } from './member-links.js';
import { egressReason, ownedEgressHits, type EgressAddress } from './owned-egress.js';

const HOUR = 3_600_000;
/** A full Louvain run at least this often (log time), and whenever the graph changed by a tenth since the last. */
export const FULL_LOUVAIN_EVERY_MS = 6 * HOUR;
/** A weak pair (see `forgetStale`) with no new evidence for this long is forgotten. */
export const PAIR_IDLE_MS = 2 * 24 * HOUR;
/** A key of several accounts idle this long (the longest finite link window) is forgotten once no pair refers to it. */
export const KEY_IDLE_MS = 7 * 24 * HOUR;
/**
 * Key kinds whose members' last touches rules read (shared addresses, campaign setups). On every other kind a member
 * idle for KEY_IDLE_MS is retired (KeyBuckets.retireIdle): over weeks, every account meets more templates, subnets and
 * client strings, and those members were most of what grew with days of history.
 */
const MEMBER_TIMES_READ = new Set(['ip:', 'sp:', 'as:']);
/** A member's strongest control link inside the cluster needed for a distillation verdict to be carried to it. */
export const MIN_CONTROL_TO_CARRY = 0.5;
/** Confirmed members a distillation cluster must have carried its verdict to before a new member is confirmed at once. */
export const ESTABLISHED_MEMBERS = 3;
/** Kinds of evidence shown per member, strongest first. */
const MEMBER_LINK_KINDS = 4;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const iso = (t: number) => new Date(t).toISOString();

export function buildRefresh(state: ClustererState, now: number, scores: AccountScores): ClusterRefresh {
  if (now - state.lastSweep >= FULL_LOUVAIN_EVERY_MS) {
    forgetStale(state, now);
    state.lastSweep = now;
  }
  state.links.freeze();
  try {
    return refreshFrozen(state, now, scores);
  } finally {
    state.links.thaw();
  }
}

/**
 * Bounds memory by accounts and live keys rather than by exchanges: weak pairs (below what Louvain takes in) that got
 * no new evidence for PAIR_IDLE_MS are evicted, then keys of one account idle for a day, and keys of several accounts
 * idle for KEY_IDLE_MS that no remaining pair refers to; on the keys that stay, members idle for KEY_IDLE_MS are retired
 * where nothing reads their times.
 */
function forgetStale(state: ClustererState, now: number): void {
  state.graph.remap(state.links.evict(now - PAIR_IDLE_MS, MIN_EDGE_WEIGHT));
  const referenced = new Uint8Array(state.keys.size);
  state.links.forEachKey((k) => (referenced[k] = 1));
  state.keys.sweep(now - 24 * HOUR, now - KEY_IDLE_MS, (id) => referenced[id] === 1);
  state.keys.retireIdle(now - KEY_IDLE_MS, (kind) => !MEMBER_TIMES_READ.has(kind));
  for (const ids of [state.sharedAddresses, state.lowSlowCandidates, state.setupCandidates]) {
    for (const id of ids) if (!state.keys.has(id)) ids.delete(id);
  }
}

/**
 * A low-and-slow family or coordinated-content campaign joins the community most of its accounts are in only when it
 * makes up at least this share of it (group-placement.ts): a tenth, so that a campaign found for part of its accounts
 * stays with the rest of its operator's community, while one that is a few percent of a community of thousands put
 * together by chance address meetings is a community of its own. (A quarter split world 201's reasoning harvest from
 * its own unfound accounts: ARI 0.712 -> 0.674; docs/clusters.md.)
 */
export const GROUP_MIN_SHARE_OF_COMMUNITY = 0.1;

function refreshFrozen(state: ClustererState, now: number, scores: AccountScores): ClusterRefresh {
  const placed = placeCommunities(state, now);
  const { community, lowSlow } = placed;
  const components = linkMembers(state, community);
  state.pending.clear();
  state.pivotBasis = [];
  const run: Judgement = {
    state,
    now,
    scores,
    placed,
    components,
    coveredNow: new Set(),
    clusterIdOf: new Map(),
    clusters: [],
    accountCluster: new Map(),
    claimed: new Set(),
    templateAccounts: (t) => state.keys.distinct(state.keys.findIn('t:', t)),
    paymentAccounts: (p) => Math.max(state.keys.distinct(state.keys.findIn('pay:', p)), state.payments.accountsBy(p, now)),
    noteHandover: (prev, next) => state.handovers.note(prev, next),
  };
  for (const [, memberIdx] of membersByCommunity(community)) if (memberIdx.length >= 2) judgeCluster(run, memberIdx);
  const { clusters, accountCluster, coveredNow, clusterIdOf } = run;
  carryOwnedEgress(state, now, scores, accountCluster, coveredNow);
  testConfirmedPivots(state, now, scores);
  state.coveredBefore = coveredNow;
  state.scores.endRefresh();
  clusters.sort((a, b) => b.score - a.score || b.exchanges - a.exchanges);
  for (const g of lowSlow) raiseLowAndSlow(state, now, g, clusterIdOf.get(community.get(g.accounts[0] ?? -1) ?? -1));
  state.alerts.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return { clusters, accountCluster, alerts: [...state.alerts] };
}

/** The communities of a refresh, with the low-and-slow family and content campaign each placed account belongs to. */
interface PlacedCommunities {
  community: Map<number, number>;
  lowSlow: LowAndSlowGroup[];
  lowSlowOf: Map<number, LowAndSlowGroup>;
  contentOf: Map<number, ContentCampaign>;
}

/**
 * The partition of the link graph, then the moves that put one operator's accounts together and keep chance meetings
 * apart: loose cores split, pieces joined by their shared addresses, low-and-slow families, content campaigns and
 * rotating fleets each placed in one community, small pieces of a harvest joined to the community harvesting the same.
 */
function placeCommunities(state: ClustererState, now: number): PlacedCommunities {
  const partition = nextPartition(state, now);
  const community = new Map(partition.community);
  // Set only by bench/cluster/stage-trace.ts: the partition after each stage of the refresh, for diagnosis.
  const trace = (globalThis as { __hwTrace?: (stage: string, c: ReadonlyMap<number, number>) => void }).__hwTrace;
  trace?.('louvain+pieces', community);
  // Operators that Louvain put together on chance ties are split before the address merge, which hands each to the
  // group its own pool shows; pieces no pool claims go back (core-split.ts).
  let freshCommunity = 0;
  for (const c of community.values()) if (c >= freshCommunity) freshCommunity = c + 1;
  const split = splitLooseCores(community, state.links, () => freshCommunity++);
  trace?.('core-split', community);
  const beforeMerge = split.length > 0 ? new Map(community) : community;
  mergeBySharedAddresses(community, sharedAddressUsers(state));
  returnUnclaimedPieces(community, beforeMerge, split);
  trace?.('address-merge', community);

  // Low-and-slow groups and coordinated-content campaigns, then place each group in one community (the one most of
  // its accounts are in).
  const lowSlow = lowAndSlowGroups(state);
  const lowSlowOf = new Map<number, LowAndSlowGroup>();
  const contentOf = new Map<number, ContentCampaign>();
  let nextCommunity = 0;
  for (const c of community.values()) if (c >= nextCommunity) nextCommunity = c + 1;
  const bySize = { sizes: communitySizes(community), minShareOfCommunity: GROUP_MIN_SHARE_OF_COMMUNITY };
  const place = (accounts: readonly number[]): void => placeGroup(community, accounts, () => nextCommunity++, 0.5, bySize);
  for (const g of lowSlow) {
    place(g.accounts);
    for (const a of g.accounts) lowSlowOf.set(a, g);
  }
  for (const g of contentCampaigns(state, now)) {
    const free = g.accounts.filter((a) => !lowSlowOf.has(a) && !contentOf.has(a));
    if (free.length === 0) continue;
    place(free);
    for (const a of free) contentOf.set(a, g);
  }
  trace?.('lowslow+content placed', community);
  // A rotating fleet's accounts on its own exits join the community most of them are in (rotation-exits.ts): its
  // accounts at work now stay with the ones that stopped, whose links were forgotten.
  for (const g of rotationExitGroups(sharedAddressList(state), (idx) => state.summaries[idx], now)) {
    placeGroup(community, g.filter((a) => !lowSlowOf.has(a) && !contentOf.has(a)), () => nextCommunity++, 0);
  }
  trace?.('rotation-exits', community);
  // Small pieces of a harvest join the large community that harvests the same content and that they are tied to.
  joinContentPieces(community, (idx) => state.summaries[idx], (members) => {
    const inPiece = new Set(members);
    const towards = new Map<number, number>();
    state.links.forEachPairOf(members, (a, b) => inPiece.has(a) !== inPiece.has(b), (a, b, slot) => {
      const c = community.get(inPiece.has(a) ? b : a);
      if (c !== undefined) towards.set(c, (towards.get(c) ?? 0) + state.links.partitionWeight(slot));
    });
    return towards;
  }, (idx) => lowSlowOf.has(idx) || contentOf.has(idx));
  trace?.('content-pieces', community);
  return { community, lowSlow, lowSlowOf, contentOf };
}

/** What judging the clusters of one refresh reads and fills, cluster by cluster. */
interface Judgement {
  readonly state: ClustererState;
  readonly now: number;
  readonly scores: AccountScores;
  readonly placed: PlacedCommunities;
  /** common control inside communities (control-ties.ts), joined here with fleets and rotating fleets */
  readonly components: UnionFind;
  /** members a distillation verdict covers at this refresh */
  readonly coveredNow: Set<number>;
  /** cluster id by community */
  readonly clusterIdOf: Map<number, string>;
  readonly clusters: ClusterReport[];
  readonly accountCluster: Map<string, ClusterVerdict>;
  /** departed fleet accounts already given to a cluster at this refresh (one cluster names each) */
  readonly claimed: Set<number>;
  readonly templateAccounts: (templateId: string) => number;
  readonly paymentAccounts: (payment: string) => number;
  readonly noteHandover: (prev: number, next: number) => void;
}

/**
 * Scores one community of two or more accounts as a cluster, reports it (its harvesting sub-stream apart from members
 * that only share its infrastructure), carries its verdict to the members whose own traffic and ties warrant it and
 * tests its confirmed members for a move to a newly released model.
 */
function judgeCluster(run: Judgement, memberIdx: number[]): void {
  const { state, now, scores, components, coveredNow } = run;
  const { community, lowSlowOf, contentOf } = run.placed;
  const memberLinks = state.memberLinks;
  memberIdx.sort((a, b) => a - b);
  const id = `c_${(memberIdx[0] ?? 0) + 1}`;
  run.clusterIdOf.set(community.get(memberIdx[0] ?? -1) ?? -1, id);
  const members: MemberContext[] = [];
  for (const a of memberIdx) {
    const sum = state.summaries[a];
    if (sum === undefined) continue;
    members.push({
      sum,
      account: state.accounts.get(sum.id),
      own: scores.get(sum.id),
      strongestLink: memberLinks.strongest(a),
      tieBeyondCard: memberLinks.beyondCard(a),
    });
  }
  const scored = state.scores.score(members, run.templateAccounts, state.summaries.length, run.paymentAccounts);
  const lsMembers = members.filter((m) => lowSlowOf.has(m.sum.idx));
  applyLowAndSlow(scored, lsMembers, lowSlowOf, members.length);
  applyContentCampaign(scored, members.filter((m) => contentOf.has(m.sum.idx)), contentOf, members.length);
  // The fleet's accounts that stopped and left the graph since they handed over are still its accounts.
  const departed = departedFleetMates(state, memberIdx, community, scores, run.claimed);
  const fleet = rotatingFleet(departed.length > 0 ? [...members, ...departed] : members, now, state.rotationClusters.has(id), run.noteHandover);
  for (const m of departed) {
    if (fleet?.members.has(m.sum.idx) !== true) continue;
    members.push(m);
    run.claimed.add(m.sum.idx);
  }
  const rotating = applyRotation(scored, fleet);
  if (rotating.size > 0 && scored.verdict === 'distillation') state.rotationClusters.set(id, scored.score);
  // A flagged cluster is reported as its harvesting sub-stream; the members that only share its infrastructure
  // (a reseller's other customers) are reported apart, as a benign group linked to it.
  const split = scored.verdict !== 'benign' && scored.harvesters.size > 0 && scored.harvesters.size < members.length;
  const core = split ? members.filter((m) => scored.harvesters.has(m.sum.idx)) : members;
  const carried = split ? members.filter((m) => !scored.harvesters.has(m.sum.idx)) : [];
  run.clusters.push(clusterReport(id, core, scored, memberLinks, []));
  if (carried.length > 0) run.clusters.push(carriedReport(`${id}-other`, id, carried, scored, memberLinks));
  // A fleet is one structure: its accounts share the operator's payment instruments.
  components.unionAll(scored.fleet);
  // So is a rotating fleet: its accounts hand over to one another (rotation.ts).
  components.unionAll(rotating);
  const controlCore = coreOf(scored.harvesters, components);
  // Cards that also pay for members outside the harvest (a reseller's card paying for its other customers' accounts)
  // do not condemn the next account they pay for.
  const mixedCards = new Set<string>();
  for (const m of members) {
    if (!scored.harvesters.has(m.sum.idx) && m.account?.payment !== undefined) mixedCards.add(m.account.payment);
  }
  // A cluster that already carried its verdict to ESTABLISHED_MEMBERS confirmed members on the previous refresh is no
  // longer forming: a member it covers for the first time (a new account tied to it since) is confirmed at once.
  let confirmedBefore = 0;
  for (const m of members) if (state.coveredBefore.has(m.sum.idx) && state.confirmed.has(m.sum.idx)) confirmedBefore++;
  const established = scored.verdict === 'distillation' && confirmedBefore >= ESTABLISHED_MEMBERS;
  for (const m of members) {
    const cid = split && !scored.harvesters.has(m.sum.idx) ? `${id}-other` : id;
    const verdict = memberVerdict(state, cid, m, scored, memberLinks, lowSlowOf, contentOf, controlCore, rotating);
    // Distillation is final for the engine, so a cluster verdict must hold on two refreshes in a row before it is
    // carried to a member (the first time it is carried as suspicious): clusters still forming can flap. A fleet
    // account paid by the instrument of an account already confirmed needs no second look.
    if (verdict.verdict === 'distillation') {
      coveredNow.add(m.sum.idx);
      const payment = m.account?.payment;
      const fleetCard =
        scored.fleet.has(m.sum.idx) && payment !== undefined && !mixedCards.has(payment)
          ? { payment, cluster: cid, score: scored.score }
          : null;
      if (
        state.coveredBefore.has(m.sum.idx) ||
        established ||
        (fleetCard !== null && state.fleetCards.has(fleetCard.payment))
      ) {
        state.flagged.add(m.sum.idx);
        state.confirmed.set(m.sum.idx, { cluster: cid, score: scored.score });
        if (fleetCard !== null) state.fleetCards.set(fleetCard.payment, fleetCard);
        for (const setup of campaignSetups(contentOf.get(m.sum.idx), cid, scored.score)) rememberCampaignSetup(state.campaignSetups, setup);
      } else {
        verdict.verdict = 'suspicious';
        state.pending.set(m.sum.id, { idx: m.sum.idx, fleetCard, setups: campaignSetups(contentOf.get(m.sum.idx), cid, scored.score) });
      }
    }
    run.accountCluster.set(m.sum.id, verdict);
  }
  const basis = pivotBasis(id, members, scored, (a) => state.confirmed.has(a) || coveredNow.has(a), (a) => {
    // The groups a harvesting member belongs to: its content campaign, its low-and-slow family, its control component
    // (hard ties, fleets and rotating fleets joined above).
    const keys = [`core:${components.find(a)}`];
    const content = contentOf.get(a);
    if (content !== undefined) keys.push(`content:${content.setupId}`);
    const ls = lowSlowOf.get(a);
    if (ls !== undefined) keys.push(`ls:${ls.templateId}`);
    return keys;
  });
  if (basis !== null) {
    raisePivots(state, now, basis);
    state.pivotBasis.push(basis);
  }
}

/**
 * Model-pivot tests for the confirmed accounts no flagged cluster answered for at this refresh, by the cluster that
 * confirmed them (pivot-cohorts.ts), then for the judged accounts no cluster or cohort answers for, by the waves in
 * which they take up a new model (pivot-loners.ts).
 */
function testConfirmedPivots(state: ClustererState, now: number, scores: AccountScores): void {
  const tested = new Set<number>();
  for (const b of state.pivotBasis) for (const s of b.everyone) tested.add(s.idx);
  for (const cohort of pivotCohorts(state.confirmed, tested, state.summaries)) {
    raisePivots(state, now, cohort);
    state.pivotBasis.push(cohort);
    for (const s of cohort.everyone) tested.add(s.idx);
  }
  const loners = pivotLoners(state.summaries, (s) => state.confirmed.has(s.idx) || scores.get(s.id)?.verdict === 'distillation', tested);
  if (loners !== null) {
    raisePivots(state, now, loners);
    state.pivotBasis.push(loners);
  }
}

/**
 * Accounts held for review by their own score while they harvest, at work on a confirmed campaign's own egress
 * (owned-egress.ts): carried that campaign's verdict and confirmed at once (the campaign is established: 3+ confirmed
 * members on that very address).
 */
function carryOwnedEgress(
  state: ClustererState,
  now: number,
  scores: AccountScores,
  accountCluster: Map<string, ClusterVerdict>,
  coveredNow: Set<number>,
): void {
  if (state.confirmed.size === 0) return;
  const suspected = (idx: number): boolean => {
    const sum = state.summaries[idx];
    if (sum === undefined) return false;
    const own = scores.get(sum.id)?.verdict;
    return (own === 'suspicious' || own === 'distillation') && harvestsRegularly(sum);
  };
  const judge = {
    confirmed: (idx: number) => state.confirmed.get(idx),
    suspectedHarvesting: suspected,
    eligible: (idx: number): boolean => {
      const sum = state.summaries[idx];
      if (sum === undefined || state.flagged.has(idx) || accountCluster.get(sum.id)?.verdict === 'distillation') return false;
      const account = state.accounts.get(sum.id);
      return mayCarryVerdict(account) && !evaluationLikeTraffic(sum);
    },
  };
  for (const [idx, hit] of ownedEgressHits(sharedAddressList(state), judge, now)) {
    const sum = state.summaries[idx]!;
    const own = scores.get(sum.id) ?? { score: 0 };
    state.flagged.add(idx);
    state.confirmed.set(idx, { cluster: hit.cluster, score: hit.score });
    coveredNow.add(idx);
    accountCluster.set(sum.id, {
      cluster: hit.cluster,
      verdict: 'distillation',
      score: hit.score,
      reasons: [egressReason(hit, state.keys.keyOf(hit.key), own, sum.harvest, sum.exchanges)],
    });
  }
}

/**
 * The accounts chained to `memberIdx` by hand-overs remembered from earlier refreshes (handover-memory.ts) that are in
 * no community now (they stopped and their links were forgotten), as members to judge the rotating fleet on.
 */
function departedFleetMates(
  state: ClustererState,
  memberIdx: readonly number[],
  community: ReadonlyMap<number, number>,
  scores: AccountScores,
  claimed: ReadonlySet<number>,
): MemberContext[] {
  if (state.handovers.size === 0) return [];
  const out: MemberContext[] = [];
  for (const a of state.handovers.chainOf(memberIdx)) {
    if (community.has(a) || claimed.has(a)) continue;
    const sum = state.summaries[a];
    if (sum === undefined) continue;
    out.push({ sum, account: state.accounts.get(sum.id), own: scores.get(sum.id), strongestLink: 0, tieBeyondCard: 0 });
  }
  return out;
}

function nextPartition(state: ClustererState, now: number): Partition {
  const changes = state.links.takeChanges();
  state.changesSinceFull = (state.changesSinceFull ?? 0) + changes;
  const previous = state.partition;
  const full =
    previous === null ||
    now - state.lastFull >= FULL_LOUVAIN_EVERY_MS ||
    state.changesSinceFull >= 0.1 * Math.max(1, state.links.size);
  const partition =
    full || previous === null
      ? louvainPartition(state.links, 1, state.graph, state.components)
      : extendPartition(previous, state.links);
  if (full) {
    state.lastFull = now;
    state.changesSinceFull = 0;
  }
  state.partition = partition;
  return partition;
}

function* sharedAddressList(state: ClustererState): IterableIterator<EgressAddress> {
  for (const key of state.sharedAddresses) yield { key, members: state.keys.members(key), distinct: state.keys.distinct(key) };
}

function* sharedAddressUsers(state: ClustererState): IterableIterator<ReadonlyMap<number, number>> {
  for (const id of state.sharedAddresses) yield state.keys.members(id);
}

function lowAndSlowGroups(state: ClustererState): LowAndSlowGroup[] {
  const templates: TemplateUsers[] = [];
  for (const id of state.lowSlowCandidates) {
    const key = state.keys.keyOf(id);
    if (!key.startsWith('t:')) continue;
    const members = state.keys.members(id);
    const tally = state.keys.tallyOf(id);
    templates.push({ templateId: key.slice(2), members, exchanges: tally.exchanges, harvest: tally.harvest });
  }
  if (templates.length === 0) return [];
  // Linked by common control other than synchrony: acting in step on the family's templates is what any heavy user of
  // the same phrasings does, so it cannot be what ties an account to the group. Asked only of the focused accounts of
  // the families that pass every other test (few), through their own pairs, not of every candidate's pairs.
  const tiedTo = (idx: number, group: ReadonlySet<number>): boolean =>
    state.links.someLinkOf(idx, (other, slot) => group.has(other) && controlTie(state, slot));
  const groups = findLowAndSlow(
    templates,
    (idx) => state.summaries[idx],
    (idx) => isTrusted(state.accounts.get(state.summaries[idx]?.id ?? '')),
    tiedTo,
    state.lowSlowKnown,
  );
  for (const g of groups) for (const t of g.templates) state.lowSlowKnown.add(t);
  return groups;
}

/** A pair tied by common control other than synchrony: 0.1+ of control weight, 0.1+ of it of the hard-tie kinds. */
function controlTie(state: ClustererState, slot: number): boolean {
  if (state.links.weight(slot, true) < 0.1) return false;
  let tie = 0;
  state.links.visitEvidence(slot, (kind, _key, _count, weight) => {
    if (HARD_TIE_KINDS[kind] === 1) tie += weight;
  });
  return tie >= 0.1;
}

/**
 * Coordinated-content campaigns (one setup of the operator's own), then start waves tied by rare templates
 * (start-wave.ts): a fleet with no setup of its own, switched on together on one prompt list. An account already in a
 * setup's campaign stays there.
 */
function contentCampaigns(state: ClustererState, now: number): ContentCampaign[] {
  const setups: SetupUsers[] = [];
  for (const id of state.setupCandidates) {
    const key = state.keys.keyOf(id);
    if (key.startsWith('sp:') || key.startsWith('as:')) setups.push({ setupId: key.slice(3), members: state.keys.members(id) });
  }
  let release: { index: number; at: number } | null = null;
  state.releases.forEach((rel, index) => {
    if (rel.at <= now && (release === null || rel.at > release.at)) release = { index, at: rel.at };
  });
  const account = (idx: number) => state.accounts.get(state.summaries[idx]?.id ?? '');
  const ctx = {
    summary: (idx: number) => state.summaries[idx],
    account,
    trusted: (idx: number) => isTrusted(account(idx)),
    starts: SignUpCalendar.ofTimes(state.summaries.map((s) => s.firstSeen)),
    logStart: logStartOf(state.summaries),
    now,
    release,
  };
  const bySetup = setups.length === 0 ? [] : findContentCampaigns(setups, { ...ctx, calendar: state.calendar });
  const byWave = findStartWaves({
    ...ctx,
    summaries: state.summaries,
    templateAccounts: (t) => state.keys.distinct(state.keys.findIn('t:', t)),
    ties: state.startWaveTies,
  });
  return [...bySetup, ...byWave];
}

/** The setups of a content campaign, remembered once one of its members is confirmed, to flag its replacements at once. */
function campaignSetups(g: ContentCampaign | undefined, cluster: string, score: number): CampaignSetup[] {
  if (g === undefined || g.oneEmailDomain || g.waves.length === 0) return [];
  const firstWave = g.waves[0]?.[0] ?? Infinity;
  return g.setups.map((setupId) => ({ setupId, cluster, score, firstWave, waves: g.waves, accounts: g.accounts.length }));
}

/** A coordinated-content campaign inside a cluster raises it to distillation, with its evidence first. */
function applyContentCampaign(
  scored: ClusterScore,
  ccMembers: MemberContext[],
  contentOf: Map<number, ContentCampaign>,
  clusterSize: number,
): void {
  const g = contentOf.get(ccMembers[0]?.sum.idx ?? -1);
  if (g === undefined) return;
  for (const m of ccMembers) scored.harvesters.add(m.sum.idx);
  scored.evidence.unshift(g.evidence);
  if (ccMembers.length >= clusterSize / 2 && g.score > scored.score) {
    scored.score = g.score;
    scored.verdict = g.score >= DISTILLATION_SCORE ? 'distillation' : g.score >= SUSPICIOUS_SCORE ? 'suspicious' : 'benign';
  }
}

/** A low-and-slow group inside a cluster raises it to distillation and names the template family. */
function applyLowAndSlow(
  scored: ClusterScore,
  lsMembers: MemberContext[],
  lowSlowOf: Map<number, LowAndSlowGroup>,
  clusterSize: number,
): void {
  if (lsMembers.length === 0) return;
  const g = lowSlowOf.get(lsMembers[0]?.sum.idx ?? -1);
  if (g === undefined) return;
  for (const m of lsMembers) scored.harvesters.add(m.sum.idx);
  scored.evidence.unshift(
    `low-and-slow: ${lsMembers.length} accounts sending a median of ${g.medianExchanges} exchanges each, ` +
      `${pct(g.harvestShare)} harvest-type, focused on one template family (${g.templateId}); ` +
      `${pct(g.linkedShare)} linked by infrastructure, payment, registration or timing`,
  );
  if (lsMembers.length >= clusterSize / 2 && scored.verdict !== 'distillation') {
    scored.verdict = 'distillation';
    scored.score = Math.max(scored.score, 0.5 + 0.4 * Math.min(1, g.harvestShare) * g.linkedShare);
  }
}

function memberVerdict(
  state: ClustererState,
  cluster: string,
  m: MemberContext,
  scored: ClusterScore,
  links: MemberLinks,
  lowSlowOf: Map<number, LowAndSlowGroup>,
  contentOf: Map<number, ContentCampaign>,
  controlCore: ReadonlySet<number>,
  rotating: ReadonlySet<number>,
): MemberVerdict {
  const covered = scored.harvesters.has(m.sum.idx);
  let verdict: Verdict = covered ? scored.verdict : 'benign';
  // A verified researcher on its own card is one accountable person; one of a sign-up wave of accounts on one
  // operator's setup is not (the verification is one more field the operator filled in).
  const trusted = isTrusted(m.account) || (accountableMember(m, scored.sharedPayments) && !contentOf.has(m.sum.idx));
  if (verdict === 'distillation' && trusted) verdict = 'suspicious';
  // Sharing a cluster's content (its templates, a provider) is not being run by its operator: a member that harvests
  // but is tied to the others by no link of common control (payment, addresses, fingerprints, timing, registration,
  // succession) is held at suspicious unless its own traffic flags it or it belongs to a low-and-slow group.
  // Synchrony alone is not enough either: a research group running the same benchmark acts in step on the same
  // templates; a campaign's accounts also share payment, addresses, clients, registration or succession.
  let hardTie = 0;
  links.forEachWeight(m.sum.idx, (k, weight) => {
    if (HARD_TIE_KINDS[k] === 1 && weight > hardTie) hardTie = weight;
  });
  const inStep = softlyTied(links.weightOf(m.sum.idx, SYNC_KIND), hardTie);
  // It must also be tied to the cluster's core, not only to a small group of its own (see control-core.ts).
  // A member its own score holds for review while it harvests, tied to the others by some common control (a crowded
  // address too), is carried: the cluster's verdict adds to evidence of its own, it does not stand alone.
  const corroborated = m.own?.verdict === 'suspicious' && harvestsRegularly(m.sum) && hardTie >= MIN_SOFT_TIE;
  const controlled =
    (m.strongestLink >= MIN_CONTROL_TO_CARRY && (hardTie >= MIN_HARD_TIE || inStep) && controlCore.has(m.sum.idx)) ||
    corroborated ||
    m.own?.verdict === 'distillation' ||
    lowSlowOf.has(m.sum.idx) ||
    contentOf.has(m.sum.idx) ||
    rotating.has(m.sum.idx);
  if (verdict === 'distillation' && !controlled) verdict = 'suspicious';
  // One email domain across a content campaign's waves is what a company onboarding its staff onto an internal tool
  // looks like: held for review, never erased.
  const content = contentOf.get(m.sum.idx);
  const softened = verdict === 'distillation' && content?.oneEmailDomain === true && m.own?.verdict !== 'distillation';
  if (softened) verdict = 'suspicious';
  const score = verdict === 'benign' ? Math.min(scored.score, 0.3) : scored.score;
  const held = covered && scored.verdict === 'distillation';
  return new MemberVerdict(cluster, verdict, Math.min(1, score), {
    cluster,
    clusterVerdict: scored.verdict,
    clusterScore: scored.score,
    covered,
    memberFacts: scored.memberFacts.get(m.sum.idx) ?? '',
    heldBy: held && trusted ? 'trust' : held && !controlled ? 'no-control-tie' : null,
    links: strongestLinks(state, links, m.sum.idx),
    content,
    softened,
    lowSlow: lowSlowOf.get(m.sum.idx),
  });
}

/** Scratch of `strongestLinks`: the kinds kept so far and their weights, strongest first. */
const topKinds = new Int32Array(MEMBER_LINK_KINDS + 1);
const topWeights = new Float64Array(MEMBER_LINK_KINDS + 1);

/**
 * The member's MEMBER_LINK_KINDS strongest kinds of evidence, strongest first and ties in the order the kinds were
 * met (as a stable sort of them all would give), without copying and sorting every kind for every member: the facts
 * its reasons tell, built once per member and refresh.
 */
function strongestLinks(state: ClustererState, links: MemberLinks, member: number): MemberLinkFact[] {
  let n = 0;
  links.forEachWeight(member, (kind, weight) => {
    let at = n;
    while (at > 0 && topWeights[at - 1]! < weight) at--;
    if (at >= MEMBER_LINK_KINDS) return;
    topKinds.copyWithin(at + 1, at, n);
    topWeights.copyWithin(at + 1, at, n);
    topKinds[at] = kind;
    topWeights[at] = weight;
    if (n < MEMBER_LINK_KINDS) n++;
  });
  const out: MemberLinkFact[] = [];
  for (let i = 0; i < n; i++) {
    const kind = topKinds[i]!;
    const info = links.linksOf(member, kind);
    const key = info.key < 0 ? '' : state.keys.keyOf(info.key);
    out.push({ kind, weight: info.weight, partners: info.partners, count: info.count, key, keyAccounts: key === '' ? 0 : state.keys.distinct(info.key) });
  }
  return out;
}

/** The members of a flagged cluster that are not part of its harvesting sub-stream, as a benign group. */
function carriedReport(
  id: string,
  parent: string,
  members: MemberContext[],
  scored: ClusterScore,
  memberLinks: MemberLinks,
): ClusterReport {
  let harvest = 0;
  let ex = 0;
  for (const m of members) {
    harvest += m.sum.harvest;
    ex += m.sum.exchanges;
  }
  const report = clusterReport(id, members, { ...scored, verdict: 'benign', score: 0, capabilities: [] }, memberLinks, [
    `shares infrastructure or billing with ${parent} but its own traffic is not harvesting: ` +
      `${members.length} accounts, ${ex} exchanges, ${pct(ex ? harvest / ex : 0)} harvest-type`,
  ]);
  return report;
}

function clusterReport(
  id: string,
  members: MemberContext[],
  scored: ClusterScore,
  memberLinks: MemberLinks,
  override: string[],
): ClusterReport {
  let exchanges = 0;
  let first = Infinity;
  let last = -Infinity;
  const kindAccounts = new Map<number, number>();
  for (const m of members) {
    exchanges += m.sum.exchanges;
    first = Math.min(first, m.sum.firstSeen);
    last = Math.max(last, m.sum.lastSeen);
    memberLinks.forEachWeight(m.sum.idx, (k) => kindAccounts.set(k, (kindAccounts.get(k) ?? 0) + 1));
  }
  const links = [...kindAccounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, accounts]) => ({ kind: LINK_KINDS[k] ?? 'template', accounts }));
  const evidence = [
    ...(override.length > 0 ? override : scored.evidence),
    `links: ${links.map((l) => `${l.kind} ${l.accounts}`).join(', ') || 'none'}`,
  ];
  return {
    id,
    verdict: scored.verdict,
    score: round(Math.min(1, scored.score)),
    accounts: members.map((m) => m.sum.id),
    exchanges,
    first_seen: iso(first),
    last_seen: iso(last),
    capabilities: scored.capabilities,
    links,
    evidence,
    harvesting_accounts: override.length > 0 ? 0 : scored.harvesters.size,
  };
}

function raiseLowAndSlow(state: ClustererState, now: number, g: LowAndSlowGroup, cluster: string | undefined): void {
  const key = `ls:${g.templateId}`;
  if (state.alerted.has(key)) return;
  state.alerted.add(key);
  state.alerts.push({
    kind: 'low_and_slow',
    ts: iso(now),
    cluster: cluster ?? null,
    accounts: g.accounts.map((a) => state.summaries[a]?.id ?? ''),
    detail:
      `${g.accounts.length} accounts, median ${g.medianExchanges} exchanges each, ${g.exchanges} in all, ` +
      `focused on template family ${g.templateId} (${pct(g.harvestShare)} harvest-type); ` +
      `${pct(g.linkedShare)} linked by infrastructure, payment, registration or timing`,
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
