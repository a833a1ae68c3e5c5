/**
 * Coordinated-content campaigns: an operator that gives every account its own card and its own addresses still runs
 * them all on its own setup (a few paraphrases of one agent system prompt), signs them up in waves, and points them
 * all at the same harvest. Found per setup (a near-duplicate system prompt template of the signals stage): the
 * accounts that work mostly with it and that signed up in waves far denser than the rest of the population's sign-ups,
 * judged as a group by how much of their traffic is harvest-type. The users of a popular open-source agent share its
 * system prompt too, but they sign up over months (no wave) and the setup is theirs, not a wave group's.
 */
import { signedUpAt, type Account } from '../../exchange/account.js';
import { harvestsRegularly, setupExchanges, type AccountSummary } from './account-summary.js';
import { familiesByOverlap } from './families.js';
import { PIVOT_HOURS_BEFORE } from './pivot.js';
import { ORGANISATION_SOFTENING } from './cluster-score.js';
import { observedStart } from './observed-start.js';

const HOUR = 3_600_000;
/** A setup needs at least this many accounts working mostly with it (and a wave group this many) to be looked at. */
export const CONTENT_MIN_ACCOUNTS = 8;
/** Two setups are one family when this share of the less used one's accounts also use the other. */
export const SETUP_FAMILY_OVERLAP = 0.5;
/** An account works with a setup family when at least this share of its exchanges use one of its setups. */
export const SETUP_FOCUS = 0.3;
/** Accounts that sent fewer exchanges than this are not counted among a setup's users. */
export const SETUP_MIN_EXCHANGES = 1;
/** Sign-ups within this distance of each other (either side) are one wave. */
export const WAVE_HALF_WIDTH_MS = 12 * HOUR;
/** An account is part of a wave when at least this many other users of the setup signed up within the half-width... */
export const WAVE_MIN_PARTNERS = 3;
/**
 * ...and at least this many times as many as chance would put there: the setup's other users signing up at the rate
 * the rest of the population signs up in that window. A launch-day rush of an agent's users is real but is a small part
 * of its users; a campaign's accounts are registered in batches of dozens in a few hours.
 */
export const WAVE_LIFT = 4;
/**
 * The wave group must be at least this share of the setup's users: the setup is the operator's own (rare shared
 * content). A popular agent's prompt is used mostly by accounts that signed up on their own dates.
 */
export const SETUP_OWNERSHIP = 0.5;
/** Share of the group's traffic that must be harvest-type (harvest asks or harvested capabilities). */
export const CONTENT_HARVEST_SHARE = 0.5;
/**
 * One email domain holding this share of the group looks like one company onboarding its staff: held for review. (The
 * domain is confirmed at sign-up; `org` is only typed, and only softens the score, see ORGANISATION_SOFTENING.)
 */
export const ONE_ORGANISATION_SHARE = 0.5;
/**
 * A replacement account: signed up after the campaign's first wave and sending its first request within this long of
 * signing up, on the campaign's own setup. It joins the campaign (a banned account replaced at once is not in a wave).
 */
export const SUCCESSOR_START_MS = 24 * HOUR;

export interface SetupUsers {
  setupId: string;
  /** accounts that used the setup (index -> last use) */
  members: ReadonlyMap<number, number>;
}

export interface ContentCampaign {
  /** what ties the group: one setup of its own (this module), or a start wave on rare shared templates (start-wave.ts) */
  tie: 'setup' | 'start-wave';
  /** the family's most used setup, and how many related ones (for people) */
  setupId: string;
  /** every setup of the family */
  setups: string[];
  /** the setup's users registered in dense sign-up waves or starting in dense waves, then the replacements that followed */
  accounts: number[];
  /** the setup's users (accounts working mostly with it) */
  setupUsers: number;
  /** sign-up waves: [start, end] of each, ascending */
  waves: [number, number][];
  /** waves of first requests: [start, end] of each, ascending */
  startWaves: [number, number][];
  /** the coordination in time in a few words, for members' reasons */
  timing: string;
  /** share of the group's exchanges that are harvest-type (asks or harvested capabilities) */
  harvestShare: number;
  /** share of the group's exchanges with a single user turn */
  singleTurnShare: number;
  /** share of the group's members active after the latest release that moved to the new model within 24 h */
  moveShare: number | null;
  exchanges: number;
  emailDomains: number;
  /** one email domain holds ONE_ORGANISATION_SHARE of the group: a company's staff, held for review */
  oneEmailDomain: boolean;
  /** one `org` holds ONE_ORGANISATION_SHARE of the group: the score is softened */
  oneOrg: boolean;
  score: number;
  evidence: string;
}

/**
 * Sign-up times of every account in the registry, to say how many accounts signed up in a window by a given time
 * (only sign-ups at or before `now` count: nothing from the future).
 */
export class SignUpCalendar {
  private times: Float64Array;

  constructor(accounts: Iterable<Account>) {
    const list: number[] = [];
    for (const a of accounts) {
      const t = signedUpAt(a);
      if (Number.isFinite(t)) list.push(t);
    }
    this.times = Float64Array.from(list).sort();
  }

  /** A calendar of other times: the first requests of every account seen, for start waves. */
  static ofTimes(times: Iterable<number>): SignUpCalendar {
    const calendar = new SignUpCalendar([]);
    calendar.times = Float64Array.from([...times].filter(Number.isFinite)).sort();
    return calendar;
  }

  /** Accounts that signed up in [from, to]. */
  between(from: number, to: number): number {
    return to < from ? 0 : upperBound(this.times, to) - upperBound(this.times, from - 1e-3);
  }
}

function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ContentContext {
  summary: (idx: number) => AccountSummary | undefined;
  account: (idx: number) => Account | undefined;
  trusted: (idx: number) => boolean;
  calendar: SignUpCalendar;
  /**
   * First-request times of every account seen (null: not used): how often accounts appear in the log around a time, the
   * chance rate for starts. Activity that starts together is coordination in time of its own: it holds where sign-up
   * dates are missing, and a batch registered long before still starts at once.
   */
  starts: SignUpCalendar | null;
  /**
   * When the log (or detection) began: a first request soon after it is a start only when the log shows it (see
   * observed-start.ts), so busy accounts already at work when it began, seen in its first minutes, are no wave.
   */
  logStart: number;
  now: number;
  /** the latest release at or before now, to measure a joint move onto it */
  release: { index: number; at: number } | null;
}

/**
 * Finds coordinated-content campaigns among the setups used by CONTENT_MIN_ACCOUNTS or more accounts, per setup family
 * (setups whose users mostly overlap: an operator runs its accounts on a few prompts of its own).
 */
export function findContentCampaigns(setups: Iterable<SetupUsers>, ctx: ContentContext): ContentCampaign[] {
  const found: ContentCampaign[] = [];
  const population = ctx.calendar.between(-Infinity, ctx.now);
  const list = [...setups].filter((s) => s.members.size >= CONTENT_MIN_ACCOUNTS);
  for (const family of familiesByOverlap(list, SETUP_FAMILY_OVERLAP)) {
    const campaign = familyCampaign(family, population, ctx);
    if (campaign !== null) {
      found.push(campaign);
      continue;
    }
    // An operator's own setup can sit inside a popular one's family: the agent's public prompt with the operator's
    // own tools has users that all use the public prompt too. Judged alone, its users are the operator's accounts.
    if (family.length > 1) {
      for (const setup of family) {
        const alone = familyCampaign([setup], population, ctx);
        if (alone !== null) found.push(alone);
      }
    }
  }
  return dropRepeatedAccounts(found);
}

/** A campaign per account: when two setups of one family found overlapping groups, the larger group keeps them. */
function dropRepeatedAccounts(found: ContentCampaign[]): ContentCampaign[] {
  const taken = new Set<number>();
  const out: ContentCampaign[] = [];
  for (const c of [...found].sort((a, b) => b.accounts.length - a.accounts.length)) {
    if (c.accounts.some((a) => taken.has(a))) continue;
    for (const a of c.accounts) taken.add(a);
    out.push(c);
  }
  return out;
}

interface SetupUser {
  idx: number;
  /** sign-up time, NaN when unknown */
  created: number;
  /** its first request in the log */
  firstSeen: number;
  /** when it began work, NaN when the log cannot tell (already at work when the log began; see observed-start.ts) */
  started: number;
}

function familyCampaign(family: SetupUsers[], population: number, ctx: ContentContext): ContentCampaign | null {
  const lead = family.reduce((a, b) => (b.members.size > a.members.size ? b : a));
  const setupIds = family.map((f) => f.setupId);
  const accounts = new Set<number>();
  for (const setup of family) for (const idx of setup.members.keys()) accounts.add(idx);
  const users: SetupUser[] = [];
  let focusedUsers = 0;
  for (const idx of accounts) {
    const s = ctx.summary(idx);
    if (s === undefined || s.exchanges < SETUP_MIN_EXCHANGES) continue;
    if (setupExchanges(s, setupIds) < SETUP_FOCUS * s.exchanges) continue;
    focusedUsers++;
    if (ctx.trusted(idx)) continue;
    const c = ctx.account(idx)?.created;
    const created = c === undefined ? NaN : Date.parse(c);
    if (!(created > ctx.now)) users.push({ idx, created, firstSeen: s.firstSeen, started: observedStart(s, ctx.logStart, created) });
  }
  if (users.length < CONTENT_MIN_ACCOUNTS) return null;
  const registered = users.filter((u) => Number.isFinite(u.created)).sort((a, b) => a.created - b.created);
  const signUpWave = waveMembers(registered, (u) => u.created, focusedUsers, population, ctx.calendar, ctx.now);
  const startWave =
    ctx.starts === null
      ? []
      : waveMembers(
          users.filter((u) => Number.isFinite(u.started)).sort((a, b) => a.started - b.started),
          (u) => u.started,
          focusedUsers,
          ctx.starts.between(-Infinity, ctx.now),
          ctx.starts,
          ctx.now,
        );
  const inSignUpWave = new Set(signUpWave.map((u) => u.idx));
  const inWave = [...signUpWave, ...startWave.filter((u) => !inSignUpWave.has(u.idx))];
  if (inWave.length < CONTENT_MIN_ACCOUNTS || inWave.length < SETUP_OWNERSHIP * focusedUsers) return null;
  // Replacements: later sign-ups on the operator's setup that start at once.
  const firstWave = signUpWave[0]?.created ?? Infinity;
  const waveSet = new Set(inWave.map((u) => u.idx));
  const successors = registered.filter(
    (u) => !waveSet.has(u.idx) && u.created >= firstWave && u.firstSeen - u.created <= SUCCESSOR_START_MS,
  );
  const setupName = describeSetup(lead.setupId) + (family.length > 1 ? ` (+${family.length - 1} related)` : '');
  const group = judge(setupName, signUpWave, startWave, successors, focusedUsers, ctx);
  return group === null ? null : { ...group, setups: setupIds };
}

/**
 * A setup id in words: `system prompt tpl-…`, `system prompt tpl-… with tool schema tools-…` (an agent setup) or
 * `tool schema tools-…` (tools without a system prompt).
 */
export function describeSetup(setupId: string): string {
  const plus = setupId.indexOf('+tools-');
  if (plus >= 0) return `system prompt ${setupId.slice(0, plus)} with tool schema ${setupId.slice(plus + 1)}`;
  return setupId.startsWith('tools-') ? `tool schema ${setupId}` : `system prompt ${setupId}`;
}

/**
 * The setup's users in a wave of `time` (sign-up, or first request): WAVE_MIN_PARTNERS other users within
 * WAVE_HALF_WIDTH_MS, WAVE_LIFT times what the rest of the population's times in that window (from `calendar`) would
 * give a group of this size by chance. `users` must be sorted by `time`.
 */
function waveMembers<U extends SetupUser>(
  users: U[],
  time: (u: U) => number,
  focusedUsers: number,
  population: number,
  calendar: SignUpCalendar,
  now: number,
): U[] {
  const out: U[] = [];
  let lo = 0;
  let hi = 0;
  const at = (i: number) => {
    const u = users[i];
    return u === undefined ? Infinity : time(u);
  };
  for (let i = 0; i < users.length; i++) {
    const c = at(i);
    while (at(lo) < c - WAVE_HALF_WIDTH_MS) lo++;
    while (hi < users.length && at(hi) <= c + WAVE_HALF_WIDTH_MS) hi++;
    const partners = hi - lo - 1;
    if (partners < WAVE_MIN_PARTNERS) continue;
    // The chance rate: the times of everyone else in the window, as a share of everyone else.
    const windowAll = calendar.between(c - WAVE_HALF_WIDTH_MS, Math.min(now, c + WAVE_HALF_WIDTH_MS));
    const others = Math.max(1, population - users.length);
    const expected = (focusedUsers - 1) * Math.max(0, windowAll - partners - 1) / others;
    const u = users[i];
    if (u !== undefined && partners >= WAVE_LIFT * expected) out.push(u);
  }
  return out;
}

function judge(
  setupId: string,
  wave: SetupUser[],
  startWave: SetupUser[],
  successors: SetupUser[],
  setupUsers: number,
  ctx: ContentContext,
): Omit<ContentCampaign, 'setups'> | null {
  const inSignUpWave = new Set(wave.map((u) => u.idx));
  const waved = [...wave, ...startWave.filter((u) => !inSignUpWave.has(u.idx))];
  const group = [...waved, ...successors];
  const t = groupTraffic(group.map((g) => g.idx), ctx);
  if (t.harvestShare < CONTENT_HARVEST_SHARE) return null;
  const { exchanges, harvestShare, moveShare, oneOrg } = t;
  const waves = waveSpans(wave.map((g) => g.created));
  const startWaves = waveSpans(startWave.map((g) => g.started));
  const ownership = waved.length / Math.max(1, setupUsers);
  // From 0.5 (the tests above passed) up: more of the traffic harvest-type, more of the setup's users in the waves, a
  // joint move onto a new model.
  const score =
    Math.min(1, 0.5 + 0.25 * harvestShare * ownership + 0.15 * (moveShare ?? 0)) * (oneOrg ? ORGANISATION_SOFTENING : 1);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  const spansText = (spans: [number, number][]) =>
    spans
      .slice(0, 4)
      .map(([a, b]) => day(a) + (b - a >= 60_000 ? `-${day(b).slice(11)}` : ''))
      .join(', ') + (spans.length > 4 ? ', ...' : '');
  const timing = [
    ...(wave.length > 0 ? [`${wave.length} signed up in ${waves.length} wave(s) (${spansText(waves)})`] : []),
    ...(startWave.length > 0 ? [`${startWave.length} sent their first requests in ${startWaves.length} wave(s) (${spansText(startWaves)})`] : []),
  ].join(' and ');
  const evidence =
    `coordinated content: of the ${setupUsers} accounts working with ${setupId}, ${timing}, ${WAVE_LIFT}x+ denser than ` +
    `the rest of the population's` +
    (successors.length > 0 ? `; ${successors.length} later sign-up(s) on it started within a day (replacements)` : '') +
    `; ${t.emailDomains} email domain(s); ${pct(harvestShare)} of the group's ${exchanges} exchanges ` +
    `harvest-type (harvest asks or coding, agentic, computer-use, vision, math, data-analysis work), ` +
    `${pct(t.singleTurnShare)} single-turn` +
    trafficEvidence(t);
  return {
    tie: 'setup',
    setupId,
    accounts: group.map((g) => g.idx),
    setupUsers,
    waves,
    startWaves,
    timing: (wave.length > 0 ? `signed up in ${waves.length} wave(s)` : '') + (wave.length > 0 && startWave.length > 0 ? ', ' : '') +
      (startWave.length > 0 ? `started in ${startWaves.length} wave(s) of first requests` : ''),
    ...trafficFields(t),
    score,
    evidence,
  };
}

/** Sign-up times (ascending) grouped into waves: consecutive sign-ups at most a half-width apart. */
function waveSpans(created: number[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const c of created) {
    const last = spans.at(-1);
    if (last !== undefined && c - last[1] <= WAVE_HALF_WIDTH_MS) last[1] = c;
    else spans.push([c, c]);
  }
  return spans;
}

/** What a group's accounts send, summed: content campaigns and start waves (start-wave.ts) judge a group by it. */
export interface GroupTraffic {
  exchanges: number;
  /** shares of the group's exchanges: harvest-type (asks or harvest-type work), harvest asks, single-turn */
  harvestShare: number;
  askShare: number;
  singleTurnShare: number;
  /** of the accounts active after the latest release, the share that moved to it within 24 h (null: too few active) */
  moveShare: number | null;
  emailDomains: number;
  oneEmailDomain: boolean;
  oneOrg: boolean;
  /** the accounts whose own traffic harvests regularly */
  harvesting: number[];
}

/** A campaign's fields that its group's traffic gives (in the order the campaign lists them). */
export function trafficFields(
  t: GroupTraffic,
): Pick<ContentCampaign, 'harvestShare' | 'singleTurnShare' | 'moveShare' | 'exchanges' | 'emailDomains' | 'oneEmailDomain' | 'oneOrg'> {
  const { harvestShare, singleTurnShare, moveShare, exchanges, emailDomains, oneEmailDomain, oneOrg } = t;
  return { harvestShare, singleTurnShare, moveShare, exchanges, emailDomains, oneEmailDomain, oneOrg };
}

/** The end of a group's evidence in words: its joint move onto the latest release, and what holds or softens it. */
export function trafficEvidence(t: GroupTraffic): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    (t.moveShare !== null ? `; ${pct(t.moveShare)} of those active after the latest release moved to it within 24 h` : '') +
    (t.oneEmailDomain ? '; one email domain holds most of them (a company onboarding its staff? held for review)' : '') +
    (t.oneOrg ? `; one \`org\` (typed by the customer) holds most of them: score softened x${ORGANISATION_SOFTENING}` : '')
  );
}

export function groupTraffic(accounts: readonly number[], ctx: Pick<ContentContext, 'summary' | 'account' | 'release'>): GroupTraffic {
  let exchanges = 0;
  let harvestKind = 0;
  let asks = 0;
  let singleTurn = 0;
  let active = 0;
  let moved = 0;
  const domains = new Map<string, number>();
  const orgs = new Map<string, number>();
  const harvesting: number[] = [];
  for (const idx of accounts) {
    const s = ctx.summary(idx);
    if (s === undefined) continue;
    exchanges += s.exchanges;
    harvestKind += s.harvestKind;
    asks += s.harvest;
    singleTurn += s.singleTurn;
    if (harvestsRegularly(s)) harvesting.push(idx);
    const a = ctx.account(idx);
    if (a?.email_domain !== undefined) domains.set(a.email_domain, (domains.get(a.email_domain) ?? 0) + 1);
    if (a?.org !== undefined) orgs.set(a.org, (orgs.get(a.org) ?? 0) + 1);
    if (ctx.release !== null) {
      const move = movedToRelease(s, ctx.release.index);
      if (move !== null) {
        active++;
        if (move) moved++;
      }
    }
  }
  const share = (n: number) => (exchanges ? n / exchanges : 0);
  const largest = (m: Map<string, number>) => Math.max(0, ...m.values());
  return {
    exchanges,
    harvestShare: share(harvestKind),
    askShare: share(asks),
    singleTurnShare: share(singleTurn),
    moveShare: active >= CONTENT_MIN_ACCOUNTS / 2 ? moved / active : null,
    emailDomains: domains.size,
    oneEmailDomain: largest(domains) >= ONE_ORGANISATION_SHARE * accounts.length,
    oneOrg: largest(orgs) >= ONE_ORGANISATION_SHARE * accounts.length,
    harvesting,
  };
}

/**
 * Whether the account moved to the release's model in the first 24 h after it (30%+ of its traffic in that day on the
 * new model), or null when it sent fewer than 2 exchanges in that day. Reads the per-release hourly counters of the
 * summary (see pivot.ts: PIVOT_HOURS_BEFORE slots before the release, then hourly after it).
 */
function movedToRelease(s: AccountSummary, release: number): boolean | null {
  const hours = s.releaseHours.get(release);
  if (hours === undefined) return null;
  let onModel = 0;
  let all = 0;
  for (let slot = PIVOT_HOURS_BEFORE; slot < PIVOT_HOURS_BEFORE + 24; slot++) {
    onModel += hours[slot * 2] ?? 0;
    all += hours[slot * 2 + 1] ?? 0;
  }
  if (all < 2) return null;
  return onModel >= 0.3 * all;
}
