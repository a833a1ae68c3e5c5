/**
 * The per-account indicators of distillation: each reads one number from an account's features, says how strongly
 * it counts (weight) and how to explain it to a person. The score (score.ts) compares each number with where benign
 * accounts sit (calibration.ts) and adds up the excess.
 */
import type { AccountFeatures } from '../profile/account-profile.js';
import { HARVESTED_CAPABILITIES } from '../signals/types.js';

export interface Indicator {
  signal: string;
  /** Relative importance in the account score. */
  weight: number;
  /** Smallest spread used when benign accounts barely vary on this indicator (avoids dividing by ~0). */
  minSpread: number;
  /**
   * Floor of the reference level: what benign accounts are known to do even when the calibration traffic never
   * shows it (a new customer trying the API, a share of prompts in a field the calibration data lacks).
   */
  minLevel?: number;
  /**
   * How many independent observations one unit of this indicator stands for when counting strong indicators (the
   * own score needs two): 2 for a conjunction of two separate facts.
   */
  strength?: number;
  /**
   * What evaluation and batch-scoring work does by its nature (fixed item sets, one format, one capability, volume,
   * machine pace): set aside for accounts whose behaviour is evaluation-like (evaluation-behaviour.ts). Harvest asks
   * (reasoning traces, grading, rewrites) are never set aside.
   */
  explainedByEvaluation?: boolean;
  /** How the value reads to a person: a share, log10(1 + count), log10(count), or a plain number. */
  unit: 'share' | 'log' | 'log-count' | 'number';
  value(f: AccountFeatures): number;
  /** Human-readable statement of the value, with numbers. */
  detail(f: AccountFeatures): string;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** A value of an indicator in the units a person reads (for "benign accounts reach X" in reasons). */
export function showValue(ind: Indicator, v: number): string {
  if (ind.unit === 'share') return pct(v);
  if (ind.unit === 'log') return `${Math.round(10 ** v - 1)}`;
  if (ind.unit === 'log-count') return `${Math.round(10 ** v)}`;
  return v.toFixed(2);
}
/** Daily throughput a plan is sized for; beyond it the traffic is out of line with the plan. Product defaults. */
export const TIER_DAILY_EXCHANGES: Readonly<Record<string, number>> = { free: 200, paid: 3000, scale: 30000, enterprise: 300000 };
/** Confidence in rhythm readings grows with the hours the account has been observed over. */
const spanConfidence = (f: AccountFeatures): number => 1 - Math.exp(-f.rhythm.spanHours / 36);
/** Confidence in per-exchange averages grows with exchanges seen. */
const countConfidence = (f: AccountFeatures, half = 10): number => f.exchanges / (f.exchanges + half);

export const INDICATORS: readonly Indicator[] = [
  {
    signal: 'cot_elicitation',
    unit: 'share',
    weight: 1,
    minSpread: 0.1,
    value: (f) => f.content.cot,
    detail: (f) => `${pct(f.content.cot)} of prompts ask for step-by-step or full reasoning`,
  },
  {
    signal: 'trace_reconstruction',
    unit: 'share',
    weight: 1,
    minSpread: 0.1,
    minLevel: 0.05,
    value: (f) => f.content.trace,
    detail: (f) => `${pct(f.content.trace)} of prompts ask to reconstruct the reasoning behind a given answer`,
  },
  {
    signal: 'thinking_language',
    unit: 'share',
    weight: 0.8,
    minSpread: 0.1,
    minLevel: 0.05,
    value: (f) => f.content.thinkingLanguage,
    detail: (f) => `${pct(f.content.thinkingLanguage)} of prompts dictate the language or form of the model's thinking`,
  },
  {
    signal: 'grading',
    unit: 'share',
    weight: 0.9,
    minSpread: 0.1,
    value: (f) => f.content.grading,
    detail: (f) => `${pct(f.content.grading)} of prompts use the model as a grader (rubrics, scores, preferences)`,
  },
  {
    signal: 'censorship_rewrite',
    unit: 'share',
    weight: 0.9,
    minSpread: 0.1,
    minLevel: 0.05,
    value: (f) => f.content.censorship,
    detail: (f) => `${pct(f.content.censorship)} of prompts ask for censorship-safe rewrites`,
  },
  {
    signal: 'harvest_share',
    unit: 'share',
    weight: 0.8,
    minSpread: 0.1,
    value: (f) => f.content.harvest,
    detail: (f) => `${pct(f.content.harvest)} of prompts ask for reasoning traces, grades or rewrites (any harvesting ask)`,
  },
  {
    signal: 'template_concentration',
    explainedByEvaluation: true,
    unit: 'share',
    weight: 0.6,
    minSpread: 0.1,
    value: (f) => f.topTemplateShare * countConfidence(f),
    detail: (f) => `${pct(f.topTemplateShare)} of prompts follow one template (${f.exchanges} exchanges)`,
  },
  {
    signal: 'capability_focus',
    explainedByEvaluation: true,
    unit: 'number',
    weight: 0.6,
    minSpread: 0.3,
    // Focus counts only on a harvested capability: a pipeline classifying or translating all day is not a harvest.
    value: (f) => (HARVESTED_CAPABILITIES.has(f.capability) ? f.capabilityDivergence : 0),
    detail: (f) =>
      `${pct(f.capabilityShare)} of prompts are ${f.capability} (population: ${pct(f.capabilityPopulationShare)}); ` +
      `divergence ${f.capabilityDivergence.toFixed(2)} bits`,
  },
  {
    // Agentic-capability harvesting sweeps task families from each account (coding agents, data analysis, computer
    // use, vision: the public record's list). Capability focus misses it (a broad mix sits close to the population),
    // people and products rarely span three or more families evenly. One fact about content: it needs another.
    signal: 'agent_task_breadth',
    explainedByEvaluation: true,
    unit: 'number',
    weight: 0.6,
    minSpread: 0.3,
    minLevel: 0.5 /* half a bit: most of the agent work in one family, some in a second */,
    value: (f) => f.agentBreadth,
    detail: (f) => `agent work spread across coding agents, data analysis, computer use and vision: ${f.agentBreadth.toFixed(2)} bits (a single kind of agent work reads 0)`,
  },
  {
    signal: 'distribution_shift',
    explainedByEvaluation: true,
    unit: 'number',
    weight: 0.6,
    minSpread: 0.05,
    value: (f) => f.shiftMmd2 * countConfidence(f),
    detail: (f) => `prompt mix differs from the benign population: MMD² ${f.shiftMmd2.toFixed(3)}`,
  },
  {
    signal: 'machine_rhythm',
    explainedByEvaluation: true,
    unit: 'share',
    weight: 0.5,
    minSpread: 0.05,
    value: (f) => f.rhythm.quietWindowShare * spanConfidence(f),
    detail: (f) =>
      `no human rest: ${pct(f.rhythm.quietWindowShare)} of traffic falls in its quietest 8 hours of the day ` +
      `(a flat 24/7 pace gives 33%) over ${f.rhythm.spanHours} h`,
  },
  {
    signal: 'duty_cycle',
    explainedByEvaluation: true,
    unit: 'share',
    weight: 0.4,
    minSpread: 0.1,
    value: (f) => f.rhythm.dutyCycle * spanConfidence(f),
    detail: (f) => `active in ${f.rhythm.activeHours} of the ${f.rhythm.spanHours} hours of its life (${pct(f.rhythm.dutyCycle)})`,
  },
  {
    signal: 'regular_pace',
    explainedByEvaluation: true,
    unit: 'number',
    weight: 0.4,
    minSpread: 0.15,
    value: (f) => (1 - Math.min(f.rhythm.gapCv, 1.5) / 1.5) * countConfidence(f, 30),
    detail: (f) => `gaps between requests vary by ${f.rhythm.gapCv.toFixed(2)}× their mean (scripted pace is near 0)`,
  },
  {
    signal: 'volume',
    explainedByEvaluation: true,
    unit: 'log',
    weight: 0.5,
    minSpread: 0.3,
    value: (f) => Math.log10(1 + f.peakDayCount),
    detail: (f) => `up to ${f.peakDayCount} exchanges a day, ${f.rhythm.ratePerActiveHour.toFixed(1)} per active hour`,
  },
  {
    signal: 'new_account_full_speed',
    explainedByEvaluation: true,
    unit: 'log',
    weight: 0.5,
    minSpread: 0.3,
    minLevel: 2 /* 100 exchanges in the first 72 h */,
    value: (f) => Math.log10(1 + f.newAccountExchanges),
    detail: (f) =>
      `${f.newAccountExchanges} exchanges within its first 72 h` +
      (f.ageAtFirstHours === null ? '' : `, first request ${f.ageAtFirstHours.toFixed(1)} h after sign-up`),
  },
  {
    signal: 'plan_mismatch',
    explainedByEvaluation: true,
    unit: 'number',
    weight: 0.4,
    minSpread: 0.3,
    minLevel: 1 /* at the plan size */,
    value: (f) => (f.tier && TIER_DAILY_EXCHANGES[f.tier] ? f.peakDayCount / TIER_DAILY_EXCHANGES[f.tier]! : 0),
    detail: (f) =>
      `peak day of ${f.peakDayCount} exchanges on a ${f.tier ?? 'unknown'} plan sized for ${f.tier ? TIER_DAILY_EXCHANGES[f.tier] ?? '?' : '?'}`,
  },
  {
    signal: 'ip_churn',
    unit: 'log-count',
    weight: 0.5,
    minSpread: 0.3,
    minLevel: 0.7 /* 5 subnets */,
    value: (f) => Math.log10(f.network.subnets),
    detail: (f) => `${Math.round(f.network.ips)} IPs in ${Math.round(f.network.subnets)} subnets`,
  },
  {
    signal: 'user_agent_churn',
    unit: 'log-count',
    weight: 0.3,
    minSpread: 0.2,
    minLevel: 0.48 /* 3 clients */,
    value: (f) => Math.log10(f.network.userAgents),
    detail: (f) => `${Math.round(f.network.userAgents)} distinct user agents`,
  },
  {
    // Many clients AND many networks: a proxy pool behind one credential. Either alone is common among benign
    // customers (a phone roaming across networks, a team behind one NAT with several SDKs); both together are not.
    signal: 'client_rotation',
    unit: 'log-count',
    weight: 1,
    minSpread: 0.2,
    minLevel: 0.3 /* 2 clients on 2 networks */,
    strength: 2,
    value: (f) => Math.log10(Math.min(f.network.userAgents, f.network.subnets)),
    detail: (f) => `${Math.round(f.network.userAgents)} user agents across ${Math.round(f.network.subnets)} subnets on one account`,
  },
  {
    signal: 'single_turn',
    explainedByEvaluation: true,
    unit: 'share',
    weight: 0.3,
    minSpread: 0.1,
    value: (f) => f.content.singleTurn,
    detail: (f) => `${pct(f.content.singleTurn)} of exchanges are single-turn`,
  },
  {
    signal: 'output_ratio',
    explainedByEvaluation: true,
    unit: 'log',
    weight: 0.3,
    minSpread: 0.3,
    value: (f) => Math.log10(1 + f.outputInputRatio) * countConfidence(f),
    detail: (f) => `${f.outputInputRatio.toFixed(1)} output tokens per input token`,
  },
  {
    signal: 'harvest_shape',
    explainedByEvaluation: true,
    unit: 'share',
    weight: 0.3,
    minSpread: 0.1,
    value: (f) => Math.max(f.content.longOutput, f.content.sampling),
    detail: (f) => `${pct(f.content.longOutput)} ask for long outputs, ${pct(f.content.sampling)} for several samples or log-probs`,
  },
];
