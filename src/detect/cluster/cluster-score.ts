/**
 * Scores a group of linked accounts as a whole and decides which of its members the verdict applies to. Being
 * linked is not enough: an enterprise, a lab's evaluation runners or thousands of coding-agent users share
 * infrastructure and templates legitimately. What condemns a group is what its traffic asks for and how: harvest-type
 * content (reasoning traces, grading, censorship-safe rewrites), templates that belong to the group alone, narrow
 * capability focus at machine pace, with the members coordinated. The verdict is carried only to the members whose
 * own traffic is part of that harvesting sub-stream, so a reseller's unrelated customers are not swept up.
 */
import type { Account } from '../../exchange/account.js';
import { CAPABILITIES, HARVESTED_CAPABILITIES } from '../../signals/types.js';
import type { Verdict } from '../report.js';
import { busyHours, evaluationLikeTraffic, harvestsRegularly, quietHoursShare, sumEvaluationCounts, sweepsAgentTasks, type AccountSummary } from './account-summary.js';
import { evaluationWork } from './evaluation-cards.js';
import { clusterEvidence } from './cluster-evidence.js';

export interface MemberContext {
  sum: AccountSummary;
  account: Account | undefined;
  own: { score: number; verdict: Verdict } | undefined;
  /**
   * strongest evidence of common control (payment, addresses, fingerprints, synchrony, registration, succession:
   * not mere shared content) linking it to another member of the same cluster
   */
  strongestLink: number;
  /**
   * strongest evidence of common control other than payment and a shared /24 (an address, fingerprints, synchrony,
   * registration, succession) linking it to a member that another payment instrument pays for, or any member when
   * it has no payment data: what ties its card to other cards as one operator's
   */
  tieBeyondCard: number;
}

export interface ClusterScore {
  score: number;
  verdict: Verdict;
  /** members the verdict is carried to (the harvesting sub-stream) */
  harvesters: Set<number>;
  evidence: string[];
  capabilities: string[];
  /** templates owned by the cluster (used by its members and few others) */
  ownedTemplates: Set<string>;
  /** share of harvesting members that are allowlisted or verified evaluation/enterprise customers */
  trust: number;
  /** per-member sub-stream facts for their reasons */
  memberFacts: Map<number, string>;
  /** payment instruments that pay for two or more members */
  sharedPayments: Set<string>;
  /** the fleet's accounts (see fleetOf), empty when the cluster has no fleet */
  fleet: Set<number>;
  /** the templates two or more members use, with how many accounts anywhere used them when scored */
  templateUsers: Map<string, number>;
}

/** A member carries harvest-type traffic when at least this share of its exchanges is harvest-type. */
export const MEMBER_HARVEST_SHARE = 0.3;
/** A template belongs to a cluster when at least this share of all its accounts are members. */
export const OWNED_TEMPLATE_SHARE = 0.5;
/** ...and at least this many times the share of users the cluster would hold by chance (capped at 90%). */
export const OWNED_TEMPLATE_LIFT = 2.5;
/** A harvesting sub-stream counts once it has this many harvest-type exchanges on the cluster's own templates. */
export const SUBSTREAM_MIN_HARVEST = 100;
/** A coordinated harvest needs this many regularly harvesting accounts and harvest-type exchanges. */
export const COORDINATED_MIN_ACCOUNTS = 3;
export const COORDINATED_MIN_HARVEST = 60;
/**
 * Without shared payment, a coordinated harvest needs this share of its traffic from accounts working 16+ hours a day
 * (`busyHours`): a lab's grading jobs run overnight for half its traffic (standard, seed 42: 50%); a load-balanced
 * harvest runs around the clock (96-99%).
 */
export const UNPAID_COORDINATION_PACED = 0.8;
export const DISTILLATION_SCORE = 0.5;
/**
 * One organisation (`org`, a field the customer types) holding most of a group softens its score by this factor: a
 * company's staff is a reason to look twice, never a reason to ignore evidence (an operator can type one org into
 * every account). Strong evidence stays `distillation`; borderline evidence goes to review.
 */
export const ORGANISATION_SOFTENING = 0.8;
/**
 * A fleet: payment instruments that pay for at least this many accounts (this many per instrument on average), not
 * one organisation, working one capability family. Many accounts on one card is multi-accounting;
 * at fleet size and with one focus it is a harvest even when no request asks for reasoning (agentic trajectories).
 */
export const FLEET_MIN_ACCOUNTS = 10;
export const FLEET_ACCOUNTS_PER_PAYMENT = 3;
/** ...of which at least this many are in the cluster (the rest may still sit in other pieces of the graph). */
export const FLEET_MIN_MEMBERS = 5;
export const FLEET_FOCUS = 0.6;
/** ...or whose traffic is at least this share harvest-type, over at least FLEET_MIN_HARVEST such exchanges. */
export const FLEET_HARVEST_SHARE = 0.1;
export const FLEET_MIN_HARVEST = 30;
/** A fleet account takes part in its harvest from this share of harvest-type requests of its own. */
export const FLEET_MEMBER_HARVEST = 0.05;
/**
 * A shared card is one of the fleet's only when one of its accounts sends harvest-type requests (FLEET_MEMBER_HARVEST,
 * at least FLEET_CARD_MIN_HARVEST of them) or is tied to an account on another card by at least this much common
 * control besides payment (MemberContext.tieBeyondCard; the level at which a verdict is carried to a member at all).
 * Customers' cards, each paying for its own few accounts (a lab's evaluation runners), drawn into one cluster by the
 * benchmarks they share or beside a campaign, are not one operator's fleet: cards and a coding-and-maths focus without
 * one harvest-type request flagged five evaluation runners of one lab. Runners on a card that also pays for an
 * evaluation-like account neither join nor anchor a fleet without harvest asks of their own (evaluation-cards.ts).
 */
export const FLEET_CARD_TIE = 0.5;
export const FLEET_CARD_MIN_HARVEST = 3;

/** Whether an account sends harvest-type requests, however few of its exchanges they are (FLEET_MEMBER_HARVEST). */
function sendsHarvestAsks(s: AccountSummary): boolean {
  return s.harvest >= FLEET_CARD_MIN_HARVEST && s.harvest >= FLEET_MEMBER_HARVEST * s.exchanges;
}

/**
 * Share of its traffic an account working round the clock sends in its six quietest hours of the day: a quarter of
 * the even share (6/24). A person's quietest six hours carry a few per cent, however many weeks of history there are.
 */
export const ROUND_THE_CLOCK_QUIET_SHARE = 1 / 16;

/** Runs at machine pace: hundreds of exchanges, round the clock (ROUND_THE_CLOCK_QUIET_SHARE) or 150+ a day. */
export function machinePaced(s: AccountSummary): boolean {
  if (s.exchanges < 200) return false;
  const days = Math.max(1, (s.lastSeen - s.firstSeen) / 86_400_000);
  return quietHoursShare(s) >= ROUND_THE_CLOCK_QUIET_SHARE || s.exchanges / days >= 150;
}

/** Works 16+ hours of the day (`busyHours`), with enough traffic to tell. */
function worksMachineHours(s: AccountSummary): boolean {
  return s.exchanges >= 48 && busyHours(s) >= 16;
}

function coordinationOf(members: MemberContext[]): number {
  let c = 0;
  for (const m of members) c += Math.min(1, m.strongestLink);
  return members.length ? c / members.length : 0;
}
export const SUSPICIOUS_SCORE = 0.3;
/**
 * Corroborated suspicion: members that their own score already holds for review (about 2% of benign accounts reach
 * that) and that harvest themselves, tied by common control. Cluster evidence only adds to theirs: at least this many
 * such members make the group's term worth CORROBORATED_BASE, each further one CORROBORATED_STEP more. Without it a
 * group whose members each look like one curious customer (no fingerprints, no shared card) stayed below what its
 * own members' scores said about it.
 */
export const CORROBORATED_MIN_MEMBERS = 3;
export const CORROBORATED_BASE = 0.6;
export const CORROBORATED_STEP = 0.1;

/** The corroborated-suspicion term of a sub-stream (see CORROBORATED_MIN_MEMBERS): 0 below that many such members. */
export function corroboratedSuspicion(basis: readonly MemberContext[]): { term: number; members: number } {
  let k = 0;
  for (const m of basis) if (m.own !== undefined && m.own.verdict !== 'benign' && harvestsRegularly(m.sum)) k++;
  const term = k < CORROBORATED_MIN_MEMBERS ? 0 : Math.min(1, CORROBORATED_BASE + CORROBORATED_STEP * (k - CORROBORATED_MIN_MEMBERS));
  return { term, members: k };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Whether an account is vouched for: allowlisted, or verified as an evaluation shop or enterprise. */
export function isTrusted(account: Account | undefined): boolean {
  return account?.allowlisted === true || account?.verification === 'eval' || account?.verification === 'enterprise';
}

/**
 * Whether an account is an accountable person: verified as a researcher or student and paying with an instrument of
 * its own (no other member of its cluster uses it), or with no payment data. A lab's researchers grading the same benchmark from one campus look
 * like a small harvesting group; cluster evidence alone does not ban them (an analyst decides), as for trusted
 * accounts. Accounts claiming such verification on a fleet's shared cards are not covered by this.
 */
export function isAccountablePerson(account: Account | undefined, sharedPayments: ReadonlySet<string>): boolean {
  const verified = account?.verification === 'research' || account?.verification === 'edu';
  // No payment data at all (many providers' trust teams never see it) leaves the verification standing alone.
  return verified && (account?.payment === undefined || !sharedPayments.has(account.payment));
}

/**
 * Whether a campaign's verdict may be carried to the account outside the refresh's judgement of members (a footprint,
 * a rotating fleet's address, a campaign's own egress): not for trusted accounts or accountable persons, whom the
 * refresh judges, where an analyst's review holds them.
 */
export function mayCarryVerdict(account: Account | undefined): boolean {
  return !isTrusted(account) && !isAccountablePerson(account, NO_PAYMENTS);
}

const NO_PAYMENTS: ReadonlySet<string> = new Set();

/**
 * Whether a member is held at suspicious as an accountable person (isAccountablePerson), unless its own traffic sweeps
 * agent tasks across families (sweepsAgentTasks) while its own score holds it for review: agentic-capability
 * harvesting runs through education and research accounts to look uncoordinated, and the cluster's verdict then adds
 * to evidence of the account's own, it does not stand alone.
 */
export function accountableMember(m: Pick<MemberContext, 'account' | 'own' | 'sum'>, sharedPayments: ReadonlySet<string>): boolean {
  if (!isAccountablePerson(m.account, sharedPayments)) return false;
  return !(m.own?.verdict === 'suspicious' && sweepsAgentTasks(m.sum));
}

/**
 * Scores one cluster. `templateAccounts(id)` is how many accounts anywhere use a template (for ownership);
 * `paymentAccounts(instrument)` how many accounts anywhere a payment instrument pays for (by default, counted among
 * the members).
 */
export function scoreCluster(
  members: MemberContext[],
  templateAccounts: (templateId: string) => number,
  population: number,
  paymentAccounts?: (payment: string) => number,
): ClusterScore {
  const { ownedTemplates, templateUsers } = ownedTemplatesOf(members, templateAccounts, population);
  const sub = members.filter((m) => inHarvestingSubStream(m, ownedTemplates));
  const basis = sub.length >= 2 ? sub : [];
  const harvesters = new Set(basis.map((m) => m.sum.idx));

  const t = subStreamTotals(basis, ownedTemplates);
  const { ex, harvest, harvestOwned, caps } = t;
  const n = basis.length;
  const H = ex ? harvest / ex : 0;
  const templ = ex ? t.owned / ex : 0;
  let focusIdx = 0;
  caps.forEach((c, i) => {
    if (c > (caps[focusIdx] ?? 0)) focusIdx = i;
  });
  const focus = ex ? (caps[focusIdx] ?? 0) / ex : 0;
  const machine = ex ? t.machineEx / ex : 0;
  const repeat = ex ? t.repeats / ex : 0;
  const ownMean = ex ? t.ownScoreEx / ex : 0;
  // Members flagged on their own carry the cluster only when there are several of them (one flag is that account's).
  const ownDistShare = n && t.ownDist >= 3 ? t.ownDist / n : 0;
  const trust = n ? t.trusted / n : 0;
  const coordination = n ? t.coord / n : 0;

  const content = Math.max(H, ownMean);
  // Automation without harvest-type content (own templates, one capability, machine pace) is also what a benign app
  // or pipeline looks like; it counts only for accounts sharing payment methods that are not one organisation.
  const automation = templ * focus * (0.5 + 0.5 * machine);
  // A harvesting sub-stream mixed into other traffic (a reseller's accounts): harvest-type requests concentrated on
  // the cluster's own templates, even when they are a minority of its traffic.
  const concentration = harvest ? harvestOwned / harvest : 0;
  const ownedHarvestShare = ex ? harvestOwned / ex : 0;
  const substream =
    harvestOwned >= SUBSTREAM_MIN_HARVEST && concentration >= 0.5 && ownedHarvestShare >= 0.1 && coordination >= 0.5
      ? 0.55 + 0.45 * concentration * Math.min(1, ownedHarvestShare / 0.15)
      : 0;
  // A coordinated harvest: most of a tightly controlled group whose accounts share payment methods, and which is not
  // one organisation, regularly sends harvest-type requests at volume, even if each request is different and harvest
  // is a minority of each account's traffic.
  const oneOrg = oneOrganisation(basis);
  const payCount = paymentCounts(basis);
  let sharingPayment = 0;
  for (const m of basis) if ((payCount.get(m.account?.payment ?? '') ?? 0) >= 2) sharingPayment++;
  const coordinatedHarvest =
    n >= COORDINATED_MIN_ACCOUNTS &&
    n >= 0.5 * members.length &&
    harvest >= COORDINATED_MIN_HARVEST &&
    H >= 0.1 &&
    coordinationOf(basis) >= 0.7 &&
    // Without shared payment, coordination alone could be a research group on one campus grading the same items; a
    // coordinated harvest then needs more accounts, most of its traffic from accounts working 16+ hours a day.
    (sharingPayment >= 0.5 * n || (n >= 2 * COORDINATED_MIN_ACCOUNTS && machine >= UNPAID_COORDINATION_PACED))
      ? 0.5 + 0.3 * Math.min(1, H / 0.3) + 0.2 * machine
      : 0;
  // Evaluation work (answers held to a form for scoring at deterministic settings, see evaluation-behaviour.ts) runs at
  // machine pace by nature: it is not volume automation, and such members are not covered by it.
  // So is a runner on its lab's card whose own harness does not mark items for scoring (evaluation-cards.ts).
  const isEvaluation = evaluationWork(members, sendsHarvestAsks);
  const paced = pacedAutomation(basis, isEvaluation);
  const volumeAutomation = paced.volumeAutomation;
  const controlledGroup = sharingPayment >= 0.5 * n;
  const fleet = fleetOf(members, isEvaluation, paymentAccounts);
  const corroborated = corroboratedSuspicion(basis);
  const raw = Math.max(
    content * (0.4 + 0.6 * templ),
    substream,
    coordinatedHarvest,
    controlledGroup ? 0.85 * automation : 0,
    0.85 * volumeAutomation,
    ownDistShare,
  );
  // Shared content alone (many people using one popular template) is not a campaign: the score needs evidence that
  // the accounts are controlled together.
  // The fleet term carries its own coordination, and holds no trusted accounts; repeated prompts do not soften it
  // (sampling one prompt many times is itself a distillation practice, and a fleet is not an evaluation shop).
  const orgHeld = oneOrg || fleet.oneOrg;
  // Repeated prompts do not soften corroborated suspicion: the members' own scores already set evaluation work aside.
  const controlFactor = (0.2 + 0.8 * coordination) * (1 - 0.7 * trust);
  const score =
    Math.max(n < 2 ? 0 : raw * controlFactor * (1 - 0.3 * repeat), corroborated.term * controlFactor, fleet.score) *
    (orgHeld ? ORGANISATION_SOFTENING : 1);
  // When the verdict rests on harvest-type content, it covers only the members that harvest themselves (or that
  // their own score flags): sharing the cluster's templates or pace is not enough.
  const harvestDriven =
    Math.max(content * (0.4 + 0.6 * templ), substream, coordinatedHarvest, corroborated.term) >=
    Math.max(controlledGroup ? 0.85 * automation : 0, 0.85 * volumeAutomation);
  if (harvestDriven) {
    for (const m of basis) {
      if (!harvestsRegularly(m.sum) && m.own?.verdict !== 'distillation') harvesters.delete(m.sum.idx);
    }
  } else if (0.85 * volumeAutomation >= (controlledGroup ? 0.85 * automation : 0)) {
    // A volume-automation verdict covers the machine-paced accounts on shared payment methods (and own flags).
    for (const m of basis) {
      const shares = (paced.payments.get(m.account?.payment ?? '') ?? 0) >= 2;
      if (!(machinePaced(m.sum) && !isEvaluation(m) && shares) && m.own?.verdict !== 'distillation') {
        harvesters.delete(m.sum.idx);
      }
    }
  }
  // Evaluation work is never covered by a verdict that rests on pace, focus or shared templates: only its own harvest
  // asks (or its own score) put it in the harvest.
  for (const m of basis) {
    if (isEvaluation(m) && !harvestsRegularly(m.sum) && m.own?.verdict !== 'distillation') harvesters.delete(m.sum.idx);
  }
  // A fleet's accounts are covered too, whatever the verdict rests on.
  for (const idx of fleet.members) harvesters.add(idx);
  const verdict: Verdict =
    score >= DISTILLATION_SCORE ? 'distillation' : score >= SUSPICIOUS_SCORE ? 'suspicious' : 'benign';

  const capabilities: string[] = [];
  caps.forEach((c, i) => {
    if (ex && c / ex >= 0.15) capabilities.push(CAPABILITIES[i] ?? '');
  });
  if (ex && t.cot / ex >= 0.15) capabilities.push('reasoning');
  if (ex && t.grading / ex >= 0.15) capabilities.push('grading');
  if (ex && t.rewrite / ex >= 0.15) capabilities.push('rewrite');

  const evidence = clusterEvidence({
    members,
    harvesters,
    totals: t,
    accounts: n,
    fleet: fleet.members.size > 0 ? fleet.evidence : null,
    orgSoftening: orgHeld ? ORGANISATION_SOFTENING : null,
    concentration,
    templ,
    ownedTemplates: ownedTemplates.size,
    focus,
    focusIdx,
    machine,
    coordination,
    ownMean,
    corroborated,
    repeat,
    paced,
    trust,
  });
  const memberFacts = new Map<number, string>();
  for (const m of members) {
    const s = m.sum;
    const share = s.exchanges ? s.harvest / s.exchanges : 0;
    memberFacts.set(
      s.idx,
      `${pct(share)} of its ${s.exchanges} exchanges harvest-type, ${pct(ownedShareOf(s, ownedTemplates))} on the cluster's own templates`,
    );
  }
  const sharedPayments = new Set<string>();
  for (const [p, c] of paymentCounts(members)) if (c >= 2) sharedPayments.add(p);
  return {
    score,
    verdict,
    harvesters,
    evidence,
    capabilities,
    ownedTemplates,
    trust,
    memberFacts,
    sharedPayments,
    fleet: fleet.members,
    templateUsers,
  };
}

/**
 * The cluster's own templates: used by 2+ members, mostly by members, and far more than the cluster's share of the
 * population would explain (a cluster holding a third of all accounts owns nothing by chance); with how many accounts
 * anywhere use each template two or more members use.
 */
function ownedTemplatesOf(
  members: readonly MemberContext[],
  templateAccounts: (templateId: string) => number,
  population: number,
): { ownedTemplates: Set<string>; templateUsers: Map<string, number> } {
  const memberUse = new Map<string, number>();
  for (const m of members) for (const t of m.sum.templates.keys()) memberUse.set(t, (memberUse.get(t) ?? 0) + 1);
  const ownedTemplates = new Set<string>();
  const templateUsers = new Map<string, number>();
  const ownedShareNeeded = ownedTemplateShare(members.length, population);
  for (const [t, n] of memberUse) {
    if (n < 2) continue;
    const everywhere = templateAccounts(t);
    templateUsers.set(t, everywhere);
    if (n / Math.max(n, everywhere) >= ownedShareNeeded) ownedTemplates.add(t);
  }
  return { ownedTemplates, templateUsers };
}

/** Share of an account's exchanges on the cluster's own templates. */
function ownedShareOf(s: AccountSummary, ownedTemplates: ReadonlySet<string>): number {
  let c = 0;
  s.templates.forEach((n, t) => {
    if (ownedTemplates.has(t)) c += n;
  });
  return s.exchanges === 0 ? 0 : c / s.exchanges;
}

/** Share of an account's exchanges on its largest capability. */
function capabilityShare(s: AccountSummary): number {
  let top = 0;
  for (const c of s.capabilities) if (c > top) top = c;
  return s.exchanges === 0 ? 0 : top / s.exchanges;
}

/**
 * Whether a member belongs to the harvesting sub-stream: its own traffic harvests, or its own score already flags it,
 * or it runs the cluster's own templates at narrow focus (automation without reasoning prompts).
 */
function inHarvestingSubStream(m: MemberContext, ownedTemplates: ReadonlySet<string>): boolean {
  const s = m.sum;
  if (s.exchanges === 0) return false;
  if (s.harvest / s.exchanges >= MEMBER_HARVEST_SHARE || harvestsRegularly(s)) return true;
  if (m.own !== undefined && m.own.verdict === 'distillation') return true;
  if (machinePaced(s)) return true;
  return ownedShareOf(s, ownedTemplates) >= 0.6 && capabilityShare(s) >= 0.7;
}

/** The harvesting sub-stream's traffic, summed over its members. */
export interface SubStreamTotals {
  ex: number;
  harvest: number;
  cot: number;
  grading: number;
  rewrite: number;
  trace: number;
  /** exchanges on the cluster's own templates */
  owned: number;
  /** harvest-type exchanges on the cluster's own templates */
  harvestOwned: number;
  /** exchanges of members working 16+ hours a day */
  machineEx: number;
  repeats: number;
  /** members' own scores weighted by their exchanges */
  ownScoreEx: number;
  /** members their own score flags */
  ownDist: number;
  trusted: number;
  /** members' strongest control links (each at most 1), summed */
  coord: number;
  caps: Uint32Array;
  payments: Set<string>;
}

function subStreamTotals(basis: readonly MemberContext[], ownedTemplates: ReadonlySet<string>): SubStreamTotals {
  const t: SubStreamTotals = {
    ex: 0,
    harvest: 0,
    cot: 0,
    grading: 0,
    rewrite: 0,
    trace: 0,
    owned: 0,
    harvestOwned: 0,
    machineEx: 0,
    repeats: 0,
    ownScoreEx: 0,
    ownDist: 0,
    trusted: 0,
    coord: 0,
    caps: new Uint32Array(CAPABILITIES.length),
    payments: new Set(),
  };
  for (const m of basis) {
    const s = m.sum;
    t.ex += s.exchanges;
    t.harvest += s.harvest;
    t.cot += s.cot;
    t.grading += s.grading;
    t.rewrite += s.rewrite;
    t.trace += s.trace;
    t.owned += ownedShareOf(s, ownedTemplates) * s.exchanges;
    s.templateHarvest.forEach((h, id) => {
      if (ownedTemplates.has(id)) t.harvestOwned += h;
    });
    t.repeats += s.repeats;
    if (worksMachineHours(s)) t.machineEx += s.exchanges;
    t.ownScoreEx += (m.own?.score ?? 0) * s.exchanges;
    if (m.own?.verdict === 'distillation') t.ownDist++;
    if (isTrusted(m.account)) t.trusted++;
    t.coord += Math.min(1, m.strongestLink);
    s.capabilities.forEach((c, i) => (t.caps[i] = (t.caps[i] ?? 0) + c));
    if (m.account?.payment !== undefined) t.payments.add(m.account.payment);
  }
  return t;
}

/** The sub-stream's members at machine pace that are not evaluation work (pacedAutomation). */
export interface PacedMembers {
  accounts: number;
  ex: number;
  /** their members per payment instrument */
  payments: Map<string, number>;
  /** the volume-automation term: their focus, when 3+ of them, mostly on shared payment methods, work one family */
  volumeAutomation: number;
}

/**
 * Volume automation (campaign C): several accounts on shared payment methods, not one organisation, running one
 * narrow capability around the clock at volume. (Repeated items are not an excuse here: sampling one prompt many
 * times is itself a distillation practice; repeats only soften the score a little.)
 */
function pacedAutomation(basis: readonly MemberContext[], isEvaluation: (m: MemberContext) => boolean): PacedMembers {
  const pacedMembers = basis.filter((m) => machinePaced(m.sum) && !isEvaluation(m));
  const paced = pacedMembers.length;
  let pacedEx = 0;
  const pacedPay = paymentCounts(pacedMembers);
  const pacedCaps = new Uint32Array(CAPABILITIES.length);
  for (const m of pacedMembers) {
    pacedEx += m.sum.exchanges;
    m.sum.capabilities.forEach((c, i) => (pacedCaps[i] = (pacedCaps[i] ?? 0) + c));
  }
  const pacedSharing = pacedMembers.filter((m) => (pacedPay.get(m.account?.payment ?? '') ?? 0) >= 2).length;
  // Two capabilities of one family (agentic coding: coding + agentic tool use) count as one focus.
  const sortedCaps = [...pacedCaps].sort((a, b) => b - a);
  const pacedFocus = pacedEx ? ((sortedCaps[0] ?? 0) + (sortedCaps[1] ?? 0)) / pacedEx : 0;
  const volumeAutomation = paced >= 3 && pacedSharing >= 0.5 * paced && pacedFocus >= 0.8 ? pacedFocus : 0;
  return { accounts: paced, ex: pacedEx, payments: pacedPay, volumeAutomation };
}

/**
 * The share of a template's accounts a cluster of `size` accounts out of `population` must hold to own it: at least
 * OWNED_TEMPLATE_SHARE, and OWNED_TEMPLATE_LIFT times the share it would hold by chance (capped at 90%).
 */
export function ownedTemplateShare(size: number, population: number): number {
  const expected = size / Math.max(size, population);
  return Math.min(0.9, Math.max(OWNED_TEMPLATE_SHARE, OWNED_TEMPLATE_LIFT * expected));
}

/** Indices of HARVESTED_CAPABILITIES: a fleet focused on everyday capabilities is not called a harvest. */
const HARVESTED = new Set(CAPABILITIES.flatMap((c, i) => (HARVESTED_CAPABILITIES.has(c) ? [i] : [])));

/**
 * The fleet (see FLEET_MIN_ACCOUNTS): its accounts that take part in the harvest, which any distillation verdict on the
 * cluster covers, and its own score, non-zero when the fleet works one harvested capability family or mixes enough
 * harvest-type requests into its traffic.
 */
function fleetOf(
  members: MemberContext[],
  isEvaluation: (m: MemberContext) => boolean,
  paymentAccounts?: (payment: string) => number,
): { score: number; members: Set<number>; evidence: string; oneOrg: boolean } {
  const none = { score: 0, members: new Set<number>(), evidence: '', oneOrg: false };
  const perPayment = paymentCounts(members.filter((m) => !isTrusted(m.account)));
  const paying = (p: string): number => Math.max(perPayment.get(p) ?? 0, paymentAccounts?.(p) ?? 0);
  // Evaluation runners on their lab's card are not a fleet's accounts by their billing alone (evaluation-behaviour.ts).
  const onSharedCards = members.filter((m) => !isTrusted(m.account) && paying(m.account?.payment ?? '') >= 2);
  // Evaluation work's reasoning asks are the benchmark's prompting: it neither joins nor anchors a fleet.
  const candidates = onSharedCards.filter((m) => !isEvaluation(m));
  const cardOf = (m: MemberContext): string => m.account?.payment ?? '';
  const anchored = new Set<string>();
  for (const m of candidates) {
    if (sendsHarvestAsks(m.sum) || m.tieBeyondCard >= FLEET_CARD_TIE) anchored.add(cardOf(m));
  }
  const fleet = candidates.filter((m) => anchored.has(cardOf(m)));
  const setAside = new Set(candidates.map(cardOf).filter((p) => !anchored.has(p)));
  const payments = new Set<string>();
  for (const m of fleet) if (m.account?.payment !== undefined) payments.add(m.account.payment);
  let paidFor = 0;
  for (const p of payments) paidFor += paying(p);
  if (fleet.length < FLEET_MIN_MEMBERS || paidFor < FLEET_MIN_ACCOUNTS || paidFor < FLEET_ACCOUNTS_PER_PAYMENT * payments.size) {
    return none;
  }
  const caps = new Uint32Array(CAPABILITIES.length);
  let ex = 0;
  let harvest = 0;
  for (const m of fleet) {
    ex += m.sum.exchanges;
    harvest += m.sum.harvest;
    m.sum.capabilities.forEach((c, i) => (caps[i] = (caps[i] ?? 0) + c));
  }
  // The focus is the two largest harvested capabilities (one family, such as coding + agentic tool use).
  const order = [...caps.keys()]
    .filter((i) => HARVESTED.has(i))
    .sort((a, b) => (caps[b] ?? 0) - (caps[a] ?? 0));
  const family = new Set(order.slice(0, 2));
  let inFocus = 0;
  for (const i of family) inFocus += caps[i] ?? 0;
  const focus = ex ? inFocus / ex : 0;
  const coordination = coordinationOf(fleet);
  if (coordination < 0.7) return none;
  const names = order.slice(0, 2).map((i) => CAPABILITIES[i] ?? '').join(' + ');
  const H = ex ? harvest / ex : 0;
  // A lab's runners on its cards, taken together, carry evaluation's marks even when some runners alone do not yet:
  // their focus on coding and maths is the benchmarks', not a harvest, unless harvest-type requests say otherwise.
  const evaluationShop = evaluationLikeTraffic(sumEvaluationCounts(onSharedCards.map((m) => m.sum)));
  const focused = focus >= FLEET_FOCUS && !evaluationShop ? 0.5 + 0.3 * focus * coordination : 0;
  // A fleet mixing harvest-type requests into other traffic (a reseller's accounts) is a harvest too.
  const harvesting =
    harvest >= FLEET_MIN_HARVEST && H >= FLEET_HARVEST_SHARE ? 0.5 + 0.3 * Math.min(1, H / 0.3) * coordination : 0;
  // The fleet's accounts whose own traffic takes part: some harvest-type requests, or mostly the fleet's focus. A
  // reseller's accounts that carry only its other customers' traffic are not covered.
  const covered = new Set<number>();
  for (const m of fleet) {
    const s = m.sum;
    let inFamily = 0;
    for (const i of family) inFamily += s.capabilities[i] ?? 0;
    if (s.exchanges > 0 && (s.harvest / s.exchanges >= FLEET_MEMBER_HARVEST || inFamily / s.exchanges >= 0.5)) covered.add(s.idx);
  }
  return {
    score: Math.max(focused, harvesting),
    oneOrg: oneOrganisation(fleet),
    members: covered,
    evidence:
      `fleet: ${fleet.length} accounts on ${payments.size} shared payment method(s) that pay for ${paidFor} accounts ` +
      `(${(paidFor / Math.max(1, payments.size)).toFixed(1)} per method), ${pct(focus)} of ${ex} exchanges on ${names}, ` +
      `${pct(H)} harvest-type` +
      (setAside.size > 0
        ? `; ${setAside.size} other shared payment method(s) set aside: their accounts send no harvest-type requests and are tied to no other card's accounts beyond billing`
        : ''),
  };
}

/** Members per payment instrument. */
function paymentCounts(members: readonly MemberContext[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of members) {
    const p = m.account?.payment;
    if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

/** Whether one organisation (`org`) holds at least half of `members` (softens, see ORGANISATION_SOFTENING). */
function oneOrganisation(members: readonly MemberContext[]): boolean {
  const orgs = new Map<string, number>();
  for (const m of members) if (m.account?.org !== undefined) orgs.set(m.account.org, (orgs.get(m.account.org) ?? 0) + 1);
  for (const c of orgs.values()) if (c >= 0.5 * members.length) return true;
  return false;
}
