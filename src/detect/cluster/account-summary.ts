/**
 * What the cluster layer remembers about one account: a few counters and small capped maps, enough to score a
 * group of accounts as a whole (how much of its traffic harvests reasoning or grading, which templates and
 * capabilities it concentrates on, at what pace, on which models) without keeping any exchange.
 */
import { CAPABILITIES, HARVESTED_CAPABILITIES, type Capability, type ExchangeSignals } from '../../signals/types.js';
import {
  EVALUATION_ANSWER_FORMAT,
  EVALUATION_DETERMINISTIC,
  EVALUATION_MAX_OWN_HARVEST,
  EVALUATION_MIN_EXCHANGES,
} from '../evaluation-behaviour.js';
import { slabUint32Array } from '../../profile/slab-arrays.js';
import { agentBreadthOf } from '../../profile/content-mix.js';
import { HashSet32 } from './hash-set.js';

/** Templates tracked per account; further new templates only count towards `otherTemplates`. */
export const TEMPLATES_PER_ACCOUNT = 24;
/** Prompt hashes remembered per account for the repeat share (re-running the same items, as evaluations do). */
export const PROMPT_HASHES_PER_ACCOUNT = 512;
/** System prompt templates tracked per account. */
export const SYSTEM_TEMPLATES_PER_ACCOUNT = 8;
/** Agent setups (system prompt template and tool-schema fingerprint together) tracked per account. */
export const AGENT_SETUPS_PER_ACCOUNT = 4;

export interface AccountSummary {
  idx: number;
  id: string;
  firstSeen: number;
  lastSeen: number;
  exchanges: number;
  /** exchanges asking for reasoning traces, grading, censorship-safe rewrites or dictated thinking */
  harvest: number;
  cot: number;
  grading: number;
  rewrite: number;
  trace: number;
  /**
   * exchanges of the kinds a distiller harvests: harvest-type asks, or work on a harvested capability (coding, agentic
   * tool use, computer use, vision, math, data analysis)
   */
  harvestKind: number;
  /** exchanges with at most one user turn (no conversation: a harvester sends each item once) */
  singleTurn: number;
  /** exchanges that fix the answer's form for automatic scoring */
  answerFormat: number;
  /** exchanges at temperature 0 with one sample */
  deterministic: number;
  capabilities: Uint32Array;
  /** templateId -> exchanges */
  templates: Map<string, number>;
  /** templateId -> harvest-type exchanges on it */
  templateHarvest: ReadonlyMap<string, number>;
  otherTemplates: number;
  /** system prompt template id -> exchanges sent with it (at most SYSTEM_TEMPLATES_PER_ACCOUNT) */
  systemTemplates: ReadonlyMap<string, number>;
  /** agent setup id (see `agentSetupId`) -> exchanges sent with it (at most AGENT_SETUPS_PER_ACCOUNT) */
  agentSetups: ReadonlyMap<string, number>;
  models: Map<string, number>;
  /** exchanges per hour of day (UTC) */
  hours: Uint32Array;
  /** the first PROMPT_HASHES_PER_ACCOUNT distinct prompt hashes */
  promptHashes: HashSet32;
  repeats: number;
  /** per release index: hourly [on the released model, all] counts over the pivot horizon, allocated lazily */
  releaseHours: ReadonlyMap<number, Uint32Array>;
}

/**
 * The one empty map that every summary starts with for its maps that most accounts never fill (harvest per template,
 * system prompts, agent setups, release hours): an account gets a map of its own at its first entry (`counted`,
 * `ownReleaseHours`). An empty Map costs about 200 bytes, four of them a sizeable part of a summary.
 */
const NONE: ReadonlyMap<never, never> = new Map<never, never>();

/** `map` with `key` counted once more: the same map, or a new one in place of the shared empty map. */
function counted(map: ReadonlyMap<string, number>, key: string): ReadonlyMap<string, number> {
  const own = map === NONE ? new Map<string, number>() : (map as Map<string, number>);
  own.set(key, (own.get(key) ?? 0) + 1);
  return own;
}

/** The account's release hours as a map it owns (for adding a release). */
export function ownReleaseHours(sum: AccountSummary): Map<number, Uint32Array> {
  if (sum.releaseHours === NONE) sum.releaseHours = new Map<number, Uint32Array>();
  return sum.releaseHours as Map<number, Uint32Array>;
}

export function newAccountSummary(idx: number, id: string, t: number): AccountSummary {
  return {
    idx,
    id,
    firstSeen: t,
    lastSeen: t,
    exchanges: 0,
    harvest: 0,
    cot: 0,
    grading: 0,
    rewrite: 0,
    trace: 0,
    harvestKind: 0,
    singleTurn: 0,
    answerFormat: 0,
    deterministic: 0,
    capabilities: new Uint32Array(CAPABILITIES.length),
    templates: new Map(),
    templateHarvest: NONE,
    otherTemplates: 0,
    systemTemplates: NONE,
    agentSetups: NONE,
    models: new Map(),
    hours: slabUint32Array(24),
    promptHashes: new HashSet32(PROMPT_HASHES_PER_ACCOUNT),
    repeats: 0,
    releaseHours: NONE,
  };
}

const CAPABILITY_INDEX = new Map<Capability, number>(CAPABILITIES.map((c, i) => [c, i]));

/**
 * Whether an exchange is harvest-type: it asks for what is most valuable for training a student model (full
 * reasoning traces, reconstructed reasoning, dictated thinking language, grading as a reward model, censorship-safe
 * rewrites). Thresholds at 0.5 of the signal classifiers' scores.
 */
export function isHarvest(s: ExchangeSignals): boolean {
  return s.cot >= 0.5 || s.grading >= 0.5 || s.censorshipRewrite >= 0.5 || s.traceReconstruction || s.thinkingLanguage;
}

/** Folds one exchange into the account's summary. */
export function recordExchange(
  sum: AccountSummary,
  t: number,
  model: string,
  signals: ExchangeSignals,
  templateId: string,
  systemTemplateId: string | null,
  promptHash: number,
): boolean {
  sum.exchanges++;
  if (t > sum.lastSeen) sum.lastSeen = t;
  if (t < sum.firstSeen) sum.firstSeen = t;
  const harvest = isHarvest(signals);
  if (harvest) sum.harvest++;
  if (signals.cot >= 0.5) sum.cot++;
  if (signals.grading >= 0.5) sum.grading++;
  if (signals.censorshipRewrite >= 0.5) sum.rewrite++;
  if (signals.traceReconstruction) sum.trace++;
  if (harvest || HARVESTED_CAPABILITIES.has(signals.capability)) sum.harvestKind++;
  if (signals.shape.userTurns <= 1) sum.singleTurn++;
  if (signals.answerFormat) sum.answerFormat++;
  if (signals.shape.temperature === 0 && signals.shape.n <= 1) sum.deterministic++;
  const ci = CAPABILITY_INDEX.get(signals.capability);
  if (ci !== undefined) sum.capabilities[ci] = (sum.capabilities[ci] ?? 0) + 1;
  const tc = sum.templates.get(templateId);
  if (tc !== undefined || sum.templates.size < TEMPLATES_PER_ACCOUNT) {
    sum.templates.set(templateId, (tc ?? 0) + 1);
    if (harvest) sum.templateHarvest = counted(sum.templateHarvest, templateId);
  } else sum.otherTemplates++;
  if (systemTemplateId !== null) {
    const sc = sum.systemTemplates.get(systemTemplateId);
    if (sc !== undefined || sum.systemTemplates.size < SYSTEM_TEMPLATES_PER_ACCOUNT) {
      sum.systemTemplates = counted(sum.systemTemplates, systemTemplateId);
    }
  }
  if (sum.models.has(model) || sum.models.size < 16) sum.models.set(model, (sum.models.get(model) ?? 0) + 1);
  const hour = Math.floor(t / 3_600_000) % 24;
  sum.hours[hour] = (sum.hours[hour] ?? 0) + 1;
  if (sum.promptHashes.has(promptHash)) sum.repeats++;
  else sum.promptHashes.add(promptHash);
  return harvest;
}

/**
 * An agent setup: the system prompt template together with the tool schema a request declares (`tpl-…+tools-…`), or the
 * tool schema alone when there is no system prompt. Users of a popular agent share both; an operator that copies the
 * agent's prompt but gives its harvest its own tools has a setup of its own.
 */
export function agentSetupId(systemTemplateId: string | null, toolSchema: string): string {
  return systemTemplateId === null ? toolSchema : `${systemTemplateId}+${toolSchema}`;
}

/** Counts one exchange on an agent setup (new setups past AGENT_SETUPS_PER_ACCOUNT are not tracked). */
export function recordAgentSetup(sum: AccountSummary, setupId: string): void {
  const c = sum.agentSetups.get(setupId);
  if (c !== undefined || sum.agentSetups.size < AGENT_SETUPS_PER_ACCOUNT) sum.agentSetups = counted(sum.agentSetups, setupId);
}

/**
 * Exchanges the account sent on any of a family's setups (system prompt templates and agent setups). An exchange with a
 * system prompt and tools counts on both its template and its agent setup: the larger of the two sums is taken (a lower
 * bound of their union, never a double count), plus agent setups without a system prompt (tools alone).
 */
export function setupExchanges(sum: AccountSummary, setupIds: readonly string[]): number {
  let onTemplates = 0;
  let onAgentSetups = 0;
  let onToolsAlone = 0;
  for (const id of setupIds) {
    const template = sum.systemTemplates.get(id);
    if (template !== undefined) onTemplates += template;
    const agent = sum.agentSetups.get(id) ?? 0;
    if (id.startsWith('tools-')) onToolsAlone += agent;
    else onAgentSetups += agent;
  }
  return Math.max(onTemplates, onAgentSetups) + onToolsAlone;
}

/** Share of the account's exchanges on its single most used template. */
export function topTemplateShare(sum: AccountSummary): number {
  let top = 0;
  for (const c of sum.templates.values()) if (c > top) top = c;
  return sum.exchanges === 0 ? 0 : top / sum.exchanges;
}

/** Hours of the day (of 24) with any activity: machines run around the clock, people sleep. */
export function activeHours(sum: AccountSummary): number {
  let n = 0;
  for (const c of sum.hours) if (c > 0) n++;
  return n;
}

/**
 * Hours of the day holding at least a quarter of the even share (1/96) of the account's exchanges: the hours it works
 * in, not every hour it ever touched. `activeHours` fills up over weeks of history with a person's odd late nights;
 * this count does not. Below 96 exchanges every hour with traffic counts, as in `activeHours`.
 */
export function busyHours(sum: AccountSummary): number {
  const floor = sum.exchanges / 96;
  let n = 0;
  for (const c of sum.hours) if (c > 0 && c >= floor) n++;
  return n;
}

/**
 * Share of the account's exchanges sent in its six quietest hours of the day. Someone who sleeps sends almost
 * nothing in them, a machine working round the clock about a quarter. A count of hours with any traffic
 * (`activeHours`) fills up over weeks of history with a person's odd late nights; this share does not grow with days.
 */
export function quietHoursShare(sum: AccountSummary): number {
  if (sum.exchanges === 0) return 0;
  // Sorted in a scratch array (numerically, as typed arrays sort): read for every member at every cluster scoring.
  quietScratch.set(sum.hours);
  quietScratch.sort();
  let quiet = 0;
  for (let i = 0; i < 6; i++) quiet += quietScratch[i] ?? 0;
  return quiet / sum.exchanges;
}
const quietScratch = new Uint32Array(24);

/** What tells evaluation traffic apart: one account's counts, or several accounts' summed (see sumEvaluationCounts). */
export type EvaluationCounts = Pick<AccountSummary, 'exchanges' | 'answerFormat' | 'deterministic' | 'trace' | 'grading' | 'rewrite'>;

/** The evaluation counts of several accounts together. */
export function sumEvaluationCounts(summaries: Iterable<EvaluationCounts>): EvaluationCounts {
  const total = { exchanges: 0, answerFormat: 0, deterministic: 0, trace: 0, grading: 0, rewrite: 0 };
  for (const s of summaries) {
    total.exchanges += s.exchanges;
    total.answerFormat += s.answerFormat;
    total.deterministic += s.deterministic;
    total.trace += s.trace;
    total.grading += s.grading;
    total.rewrite += s.rewrite;
  }
  return total;
}

/**
 * Whether an account's traffic is evaluation-like: answers held to a form for scoring at deterministic settings, and
 * none of the harvest asks a benchmark does not explain (reasoning reconstruction, grading, rewrites). The thresholds
 * are the per-account ones (evaluation-behaviour.ts).
 */
export function evaluationLikeTraffic(s: EvaluationCounts): boolean {
  const n = s.exchanges;
  return (
    n >= EVALUATION_MIN_EXCHANGES &&
    s.answerFormat >= EVALUATION_ANSWER_FORMAT * n &&
    s.deterministic >= EVALUATION_DETERMINISTIC * n &&
    s.trace + s.grading + s.rewrite < EVALUATION_MAX_OWN_HARVEST * n
  );
}

/**
 * An agentic-capability sweep: with this many exchanges at least, agent work spread over the agent-work families
 * (coding agents, data analysis, computer use, vision; `agentBreadthOf`) by at least AGENT_SWEEP_BITS. What such a
 * harvest collects is the trajectories themselves, with few or no reasoning asks; people and products doing agent work
 * stay in one family or two (benign accounts of the calibration worlds read under 0.5 bits).
 */
export const AGENT_SWEEP_MIN_EXCHANGES = 20;
export const AGENT_SWEEP_BITS = 1;

export function sweepsAgentTasks(s: AccountSummary): boolean {
  return s.exchanges >= AGENT_SWEEP_MIN_EXCHANGES && agentBreadthOf(s.capabilities, s.exchanges) >= AGENT_SWEEP_BITS;
}

/**
 * Whether an account sends harvest-type traffic regularly (3+ exchanges and 10%+ of its traffic), or sweeps agent
 * tasks (sweepsAgentTasks).
 */
export function harvestsRegularly(s: AccountSummary): boolean {
  return (s.harvest >= 3 && s.harvest >= 0.1 * s.exchanges) || sweepsAgentTasks(s);
}
