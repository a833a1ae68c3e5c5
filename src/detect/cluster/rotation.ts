/**
 * A rotating fleet: a reseller or a harvest that works through a sequence of short-lived accounts, each one used
 * around the clock for a day or two and then dropped, the next one starting as the previous one stops. Each account
 * has its own card and looks like one busy customer; what it cannot hide is the hand-over (one stops, the next starts,
 * on the same weak infrastructure that put them in one cluster) and that the group's traffic carries harvest-type
 * requests. Judged as a group: the hand-over structure, continuous work, harvest-type traffic of the rotating accounts
 * and several of them held for review on their own must all be there; none of them carries a verdict alone.
 *
 * Benign look-alikes and what sets them apart: app users behind one backend are long-lived and work side by side
 * (no hand-over); classroom accounts start together and work for an hour or two (no continuous work); batch jobs and
 * evaluation runners are long-lived or evaluation-like (excluded by behaviour; allowlisted and verified accounts take
 * part, and are held for review when covered, as everywhere in the cluster layer); free-tier churn comes and goes on its own schedule,
 * in sessions, not around the clock, and its traffic is not harvest-type.
 */
import { signedUpAt, type Account } from '../../exchange/account.js';
import { activeHours, evaluationLikeTraffic, harvestsRegularly, type AccountSummary } from './account-summary.js';
import { DISTILLATION_SCORE, SUSPICIOUS_SCORE, type ClusterScore, type MemberContext } from './cluster-score.js';

const HOUR_MS = 3_600_000;
/** A rotating account lives at most this long (first to last exchange). */
export const ROTATION_MAX_LIFE_MS = 4 * 24 * HOUR_MS;
/** ...works at least this long, so that its pace can be told from a session... */
export const ROTATION_MIN_LIFE_MS = 6 * HOUR_MS;
/** ...and is active in at least this share of the hours of its life (of 24 at most): a machine, not a person. */
export const ROTATION_DUTY_CYCLE = 0.75;
/**
 * An account has stopped once it has been quiet this long (as for the `successor` link): a busy app account that
 * pauses for half an hour has not handed over to anyone.
 */
export const ROTATION_QUIET_MS = 6 * HOUR_MS;
/** ...with at least this many exchanges. */
export const ROTATION_MIN_EXCHANGES = 5;
/** The next account starts within this long after the previous one's last exchange. */
export const ROTATION_HANDOVER_MS = 2 * HOUR_MS;
/** A fleet has at least this many hand-overs between working accounts... */
export const ROTATION_MIN_HANDOVERS = 4;
/** ...and under this share of its accounts at work at once, or starting within one hand-over window (a rotation, not a crowd). */
export const ROTATION_MAX_CONCURRENT_SHARE = 0.5;
/** The rotating accounts' traffic: at least this many harvest-type exchanges, at least this share of it... */
export const ROTATION_MIN_HARVEST = 30;
export const ROTATION_HARVEST_SHARE = 0.03;
/**
 * ...and at least this many of them held for review or flagged by their own scores, until the fleet has been judged
 * distillation once: own scores come and go as accounts gather traffic, and the fleet's verdict must not flap with them.
 */
export const ROTATION_MIN_SUSPECT = 3;
/**
 * The account at work now counts as the fleet's when its predecessor worked and it has sent within this long, and it
 * shows that it is the fleet's next account, not a customer who happened to start then (below).
 */
export const ROTATION_CURRENT_MS = HOUR_MS;
/** A fresh sign-up: its first exchange comes within this long of its sign-up (as in rotation-successor.ts). */
export const ROTATION_SIGNUP_MS = 24 * HOUR_MS;

export interface RotatingFleet {
  /** the fleet's accounts: those in a hand-over, plus the one at work now */
  members: Set<number>;
  handovers: number;
  harvestShare: number;
  suspects: number;
  score: number;
  evidence: string;
}

/**
 * Whether an account worked around the clock for a short life (a rotation's account, not a person's sessions). The
 * life is the account's, not only the log's: one signed up more than ROTATION_MAX_LIFE_MS before its last exchange is
 * not short-lived, however late it first shows in the log (in a log of a few days a developer's first working day there
 * is a "life" of 8-12 hours, busy in most of them: at the `report-scale` population over 4 days, 101 of the 102 benign
 * accounts still flagged in the first 40 hours were covered as such rotating accounts, signed up 2-30 months before).
 * Without a sign-up time, the log's view is all there is.
 */
export function worksAsRotation(s: AccountSummary, account?: Account): boolean {
  const life = s.lastSeen - s.firstSeen;
  if (s.exchanges < ROTATION_MIN_EXCHANGES || life > ROTATION_MAX_LIFE_MS || life < ROTATION_MIN_LIFE_MS) return false;
  if (s.lastSeen - signedUpAt(account) > ROTATION_MAX_LIFE_MS) return false;
  return activeHours(s) >= ROTATION_DUTY_CYCLE * Math.min(24, life / HOUR_MS);
}

/**
 * Whether an account that has not yet worked as a rotation (it is at work now) starts as a fleet's next account does:
 * a fresh sign-up put to work at once, or traffic of its own that is harvest-type or held for review. Its first
 * exchange in the log is no evidence alone: in a log of a few days every account starts in it, and in a cluster of
 * thousands some rotating account always stopped in the two hours before a customer's first session (at the
 * `report-scale` population over 4 days, 436 chat users, developers and coding-agent users were covered so in the first
 * 40 hours). It is judged on its own pace once it stops.
 */
export function startsAsFleetAccount(m: MemberContext): boolean {
  return freshSignUp(signedUpAt(m.account), m.sum.firstSeen) || harvestsRegularly(m.sum) || (m.own !== undefined && m.own.verdict !== 'benign');
}

/** Whether an account signed up at `signedUp` (NaN: unknown, never fresh) was first at work within ROTATION_SIGNUP_MS. */
export function freshSignUp(signedUp: number, firstAt: number): boolean {
  const since = firstAt - signedUp;
  return since >= 0 && since <= ROTATION_SIGNUP_MS;
}

/** Most accounts at work at once among `spans` ([first, last] exchange times). */
function maxConcurrent(spans: readonly (readonly [number, number])[]): number {
  const events: [number, number][] = [];
  for (const [a, b] of spans) events.push([a, 1], [b, -1]);
  events.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let now = 0;
  let top = 0;
  for (const [, d] of events) top = Math.max(top, (now += d));
  return top;
}

/** Most of `starts` within any window of `windowMs`. */
function maxStartsWithin(starts: number[], windowMs: number): number {
  starts.sort((a, b) => a - b);
  let top = 0;
  for (let lo = 0, hi = 0; hi < starts.length; hi++) {
    while ((starts[hi] ?? 0) - (starts[lo] ?? 0) > windowMs) lo++;
    top = Math.max(top, hi - lo + 1);
  }
  return top;
}

/**
 * The rotating fleet among a cluster's members at `now`, or null. Each account that starts within
 * ROTATION_HANDOVER_MS after another one's last exchange is matched to one predecessor (the latest to stop, each
 * predecessor used once); a hand-over counts when the predecessor worked as a rotation and has stopped (quiet for
 * ROTATION_QUIET_MS), and so did the successor, or the successor is the account at work now. `judgedBefore`: the cluster's fleet was judged distillation at an earlier refresh.
 * `noteHandover` hears every hand-over found, whether or not the fleet is judged (handover-memory.ts).
 */
export function rotatingFleet(
  members: readonly MemberContext[],
  now: number,
  judgedBefore = false,
  noteHandover?: (prev: number, next: number) => void,
): RotatingFleet | null {
  const candidates = members.filter(
    (m) => m.sum.exchanges >= ROTATION_MIN_EXCHANGES && m.sum.lastSeen - m.sum.firstSeen <= ROTATION_MAX_LIFE_MS && !evaluationLikeTraffic(m.sum),
  );
  // Hand-overs are heard below the fleet's bar too: remembered, they add up as the fleet's accounts come and go.
  if (candidates.length < 2) return null;
  // Whether a candidate stopped after working as a rotation, read once and only when asked: in a cluster of thousands
  // many accounts stop within the hand-over window before each start, and each was read again (its sign-up date
  // parsed) for every start.
  const rotated = new Map<MemberContext, boolean>();
  const rotatedAndStopped = (m: MemberContext): boolean => {
    if (now - m.sum.lastSeen < ROTATION_QUIET_MS) return false;
    let works = rotated.get(m);
    if (works === undefined) rotated.set(m, (works = worksAsRotation(m.sum, m.account)));
    return works;
  };
  const byEnd = [...candidates].sort((a, b) => a.sum.lastSeen - b.sum.lastSeen);
  const byStart = [...candidates].sort((a, b) => a.sum.firstSeen - b.sum.firstSeen);
  const used = new Set<number>();
  const fleet = new Set<number>();
  let handovers = 0;
  let lo = 0;
  let hi = 0;
  for (const next of byStart) {
    const start = next.sum.firstSeen;
    // byEnd[lo, hi) stopped within the hand-over window before `start`; both bounds only move forward.
    while (hi < byEnd.length && (byEnd[hi]?.sum.lastSeen ?? Infinity) <= start) hi++;
    while (lo < hi && (byEnd[lo]?.sum.lastSeen ?? Infinity) < start - ROTATION_HANDOVER_MS) lo++;
    let prev: MemberContext | undefined;
    for (let i = hi - 1; i >= lo && prev === undefined; i--) {
      const m = byEnd[i];
      if (m !== undefined && m !== next && !used.has(m.sum.idx) && rotatedAndStopped(m)) prev = m;
    }
    if (prev === undefined) continue;
    const current = now - next.sum.lastSeen <= ROTATION_CURRENT_MS && startsAsFleetAccount(next);
    if (!current && !rotatedAndStopped(next)) continue;
    used.add(prev.sum.idx);
    noteHandover?.(prev.sum.idx, next.sum.idx);
    fleet.add(prev.sum.idx);
    fleet.add(next.sum.idx);
    handovers++;
  }
  if (handovers < ROTATION_MIN_HANDOVERS) return null;
  const inFleet = candidates.filter((m) => fleet.has(m.sum.idx));
  const crowd = ROTATION_MAX_CONCURRENT_SHARE * inFleet.length;
  if (maxConcurrent(inFleet.map((m) => [m.sum.firstSeen, m.sum.lastSeen] as const)) > crowd) return null;
  // A rotation starts its accounts one by one as others stop; a cohort (a class, a team onboarded) starts together.
  if (maxStartsWithin(inFleet.map((m) => m.sum.firstSeen), ROTATION_HANDOVER_MS) >= crowd) return null;
  let ex = 0;
  let harvest = 0;
  let suspects = 0;
  for (const m of inFleet) {
    ex += m.sum.exchanges;
    harvest += m.sum.harvest;
    if (m.own !== undefined && m.own.verdict !== 'benign') suspects++;
  }
  const harvestShare = ex ? harvest / ex : 0;
  if (harvest < ROTATION_MIN_HARVEST || harvestShare < ROTATION_HARVEST_SHARE) return null;
  if (suspects < ROTATION_MIN_SUSPECT && !judgedBefore) return null;
  const score = 0.5 + 0.2 * Math.min(1, harvestShare / 0.1) + 0.2 * Math.min(1, suspects / inFleet.length);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return {
    members: fleet,
    handovers,
    harvestShare,
    suspects,
    score,
    evidence:
      `rotating fleet: ${fleet.size} short-lived accounts (each at work around the clock for at most ` +
      `${ROTATION_MAX_LIFE_MS / (24 * HOUR_MS)} days) handing over to one another ${handovers} times (one stops, the next starts ` +
      `within ${ROTATION_HANDOVER_MS / HOUR_MS} h) on shared infrastructure; ${pct(harvestShare)} of their ${ex} exchanges harvest-type, ` +
      `${suspects} held for review or flagged on their own`,
  };
}

/** The sub-stream evidence line about members left out of the verdict (cluster-score.ts). */
const UNRELATED_MEMBERS = /^\d+ other member\(s\) carry unrelated traffic/;

/**
 * A rotating fleet inside a cluster covers its accounts (they are the operator's, whatever each one's own mix of
 * traffic) and raises the cluster to its score, with its evidence first. Returns the fleet's accounts (empty without one).
 */
export function applyRotation(scored: ClusterScore, fleet: RotatingFleet | null): ReadonlySet<number> {
  if (fleet === null) return new Set();
  for (const idx of fleet.members) scored.harvesters.add(idx);
  // The fleet's accounts are covered now: the sub-stream's count of members left out no longer holds.
  const outside = scored.evidence.findIndex((e) => UNRELATED_MEMBERS.test(e));
  if (outside >= 0) scored.evidence.splice(outside, 1);
  scored.evidence.unshift(fleet.evidence);
  if (fleet.score > scored.score) {
    scored.score = fleet.score;
    scored.verdict = fleet.score >= DISTILLATION_SCORE ? 'distillation' : fleet.score >= SUSPICIOUS_SCORE ? 'suspicious' : 'benign';
  }
  return fleet.members;
}
