/**
 * Start waves tied by rare templates: an operator that gives every account its own card, its own residential
 * addresses and no system prompt of its own still switches its fleet on together and feeds it from one prompt list.
 * Found at each refresh: accounts whose first observed requests (observed-start.ts) fall within minutes of each other,
 * far denser than the rest of the population's starts, and that use the same rare prompt templates (a few accounts
 * each), judged as a group by how much of its traffic is harvest-type, as coordinated-content campaigns are. Timing
 * alone is an evaluation run after a release or a class starting an assignment; rare shared prompts alone are two
 * people pasting the same question; traffic alone is one account's own score. Only the three together tie a group.
 */
import type { AccountSummary } from './account-summary.js';
import {
  CONTENT_HARVEST_SHARE,
  CONTENT_MIN_ACCOUNTS,
  groupTraffic,
  trafficEvidence,
  trafficFields,
  WAVE_LIFT,
  WAVE_MIN_PARTNERS,
  type ContentCampaign,
  type ContentContext,
  type SignUpCalendar,
} from './content-campaign.js';
import { ORGANISATION_SOFTENING } from './cluster-score.js';
import { observedStart } from './observed-start.js';
import type { UnionFind } from './union-find.js';

const MINUTE = 60_000;
/** First requests within this distance of each other (either side) are one start wave: a fleet switched on at once. */
export const START_WAVE_HALF_WIDTH_MS = 10 * MINUTE;
/**
 * A template ties two accounts of a wave when at most this many accounts use it anywhere (the `template` link kind's
 * `free` crowd): an operator's prompt list split across its accounts, not a popular prompt or a benchmark everyone runs.
 */
export const RARE_TEMPLATE_ACCOUNTS = 6;
/**
 * A template ties two accounts only once both have been at work this long: every prompt is rare in its first minutes
 * (the first students of a class to paste the assignment), and ties are kept, so rarity is judged when the wave has had
 * time to show how many use it.
 */
export const START_TIE_AGE_MS = 60 * MINUTE;
/** Rare templates an account must share with accounts that started with it to be tied to them. */
export const MIN_SHARED_TEMPLATES = 2;
/**
 * Share of the group's exchanges that must be harvest asks (reasoning, grading, rewrites, reconstruction, dictated
 * thinking) on top of the harvest-type share content campaigns ask for: with no setup of its own to show whose group it
 * is, the group's own asks must say what it collects. Coding or maths work alone is what evaluation runners and students
 * switched on together send.
 */
export const START_WAVE_ASK_SHARE = 0.25;

/** What content campaigns are found with (sign-up dates aside), and what starts together is tied by. */
export interface StartWaveContext extends Omit<ContentContext, 'calendar' | 'starts'> {
  /** every account's summary, by index */
  summaries: readonly (AccountSummary | undefined)[];
  /** accounts using a template anywhere, as of now */
  templateAccounts: (templateId: string) => number;
  /** first requests of every account seen: the chance rate of starts */
  starts: SignUpCalendar;
  /** ties seen at earlier refreshes, added to here (a template rare then may be crowded now) */
  ties: UnionFind;
}

interface Started {
  idx: number;
  started: number;
}

/** Start-wave groups that harvest, as content campaigns (`tie: 'start-wave'`) so the refresh places and carries them alike. */
export function findStartWaves(ctx: StartWaveContext): ContentCampaign[] {
  const started = startedAccounts(ctx);
  if (started.length < CONTENT_MIN_ACCOUNTS) return [];
  const startOf = new Map(started.map((s) => [s.idx, s.started]));
  // Template -> the started accounts using it (how rare it is, is asked below).
  const users = new Map<string, Started[]>();
  for (const s of started) {
    for (const t of ctx.summaries[s.idx]?.templates.keys() ?? []) {
      const list = users.get(t);
      if (list !== undefined) list.push(s);
      else users.set(t, [s]);
    }
  }
  // Pairs that started together on a rare template; an account is tied only by two or more such templates (one shared
  // prompt is what two customers pasting the same question show).
  const pairs: [number, number][] = [];
  const tiedBy = new Map<number, number>();
  for (const [t, list] of users) {
    if (list.length < 2) continue;
    const n = ctx.templateAccounts(t);
    if (n < 2 || n > RARE_TEMPLATE_ACCOUNTS) continue;
    const partnered = new Set<number>();
    for (const a of list) {
      for (const b of list) {
        if (a.idx >= b.idx || Math.abs(a.started - b.started) > START_WAVE_HALF_WIDTH_MS) continue;
        if (ctx.now - Math.max(a.started, b.started) < START_TIE_AGE_MS) continue;
        pairs.push([a.idx, b.idx]);
        partnered.add(a.idx).add(b.idx);
      }
    }
    for (const idx of partnered) tiedBy.set(idx, (tiedBy.get(idx) ?? 0) + 1);
  }
  const joined = ctx.ties;
  for (const [a, b] of pairs) {
    if ((tiedBy.get(a) ?? 0) >= MIN_SHARED_TEMPLATES && (tiedBy.get(b) ?? 0) >= MIN_SHARED_TEMPLATES) joined.union(a, b);
  }
  const population = ctx.starts.between(-Infinity, ctx.now);
  const found: ContentCampaign[] = [];
  for (const set of joined.sets(started.map((s) => s.idx))) {
    if (set.length < CONTENT_MIN_ACCOUNTS) continue;
    const wave = denseStarts(set.map((idx) => ({ idx, started: startOf.get(idx) ?? NaN })), population, ctx);
    if (wave.length < CONTENT_MIN_ACCOUNTS) continue;
    const group = judgeWave(wave, ctx);
    if (group !== null) found.push(group);
  }
  return found;
}

/** Accounts whose start the log shows (not already at work when it began), neither trusted nor signed up later than now. */
function startedAccounts(ctx: StartWaveContext): Started[] {
  const out: Started[] = [];
  for (const s of ctx.summaries) {
    if (s === undefined || s.exchanges === 0 || ctx.trusted(s.idx)) continue;
    const c = ctx.account(s.idx)?.created;
    const created = c === undefined ? NaN : Date.parse(c);
    if (created > ctx.now) continue;
    const started = observedStart(s, ctx.logStart, created);
    if (Number.isFinite(started)) out.push({ idx: s.idx, started });
  }
  return out;
}

/**
 * The group's accounts in a wave of starts: WAVE_MIN_PARTNERS others of the group within the half-width, WAVE_LIFT
 * times what the population's starts in that window would give a group of this size by chance.
 */
function denseStarts(group: Started[], population: number, ctx: StartWaveContext): Started[] {
  group.sort((a, b) => a.started - b.started);
  const out: Started[] = [];
  let lo = 0;
  let hi = 0;
  const at = (i: number) => group[i]?.started ?? Infinity;
  const others = Math.max(1, population - group.length);
  for (let i = 0; i < group.length; i++) {
    const c = at(i);
    while (at(lo) < c - START_WAVE_HALF_WIDTH_MS) lo++;
    while (hi < group.length && at(hi) <= c + START_WAVE_HALF_WIDTH_MS) hi++;
    const partners = hi - lo - 1;
    if (partners < WAVE_MIN_PARTNERS) continue;
    const windowAll = ctx.starts.between(c - START_WAVE_HALF_WIDTH_MS, Math.min(ctx.now, c + START_WAVE_HALF_WIDTH_MS));
    const expected = ((group.length - 1) * Math.max(0, windowAll - partners - 1)) / others;
    const u = group[i];
    if (u !== undefined && partners >= WAVE_LIFT * expected) out.push(u);
  }
  return out;
}

function judgeWave(wave: Started[], ctx: StartWaveContext): ContentCampaign | null {
  const t = groupTraffic(wave.map((w) => w.idx), ctx);
  const { exchanges, harvestShare, askShare, moveShare, oneOrg, harvesting } = t;
  if (harvestShare < CONTENT_HARVEST_SHARE || askShare < START_WAVE_ASK_SHARE) return null;
  // The verdict is carried only to the accounts whose own traffic harvests: a customer who happened to start in the
  // same minutes and paste one of the same prompts is judged on its own.
  if (harvesting.length < CONTENT_MIN_ACCOUNTS) return null;
  const score = Math.min(1, 0.5 + 0.25 * harvestShare + 0.15 * (moveShare ?? 0)) * (oneOrg ? ORGANISATION_SOFTENING : 1);
  const first = Math.min(...wave.map((w) => w.started));
  const last = Math.max(...wave.map((w) => w.started));
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const span = minute(first) + (minute(last) !== minute(first) ? `-${minute(last).slice(11)}` : '');
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const setupId = `start wave ${span}`;
  const evidence =
    `start wave: ${wave.length} accounts sent their first requests within minutes of each other (${span} UTC), ` +
    `${WAVE_LIFT}x+ denser than the rest of the population's starts, and share rare prompt templates ` +
    `(${MIN_SHARED_TEMPLATES}+ each, used by at most ${RARE_TEMPLATE_ACCOUNTS} accounts anywhere an hour into their work); ` +
    `${t.emailDomains} email domain(s); ` +
    `${pct(harvestShare)} of the group's ${exchanges} exchanges harvest-type, ${pct(askShare)} harvest asks ` +
    `(reasoning, grading, rewrites), ${pct(t.singleTurnShare)} single-turn` +
    trafficEvidence(t);
  return {
    tie: 'start-wave',
    setupId,
    setups: [],
    accounts: harvesting,
    setupUsers: wave.length,
    waves: [],
    startWaves: [[first, last]],
    timing: `started within minutes of each other (${span}) on the same rare prompts`,
    ...trafficFields(t),
    score,
    evidence,
  };
}
