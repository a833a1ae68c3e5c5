/**
 * Evaluation and batch-scoring work recognised by what it does, not by a `verification` field most providers cannot
 * check. Signs of evaluation:
 * - answers held to a fixed form for automatic scoring ("Answer with the letter", "final answer after ####");
 * - deterministic settings (temperature 0, one sample);
 * - prompts that hold items of a benchmark the provider registered (`hydrawatch eval-items add`), and those items
 *   re-sent to more than one model (a harness re-run on a new release);
 * - the provider's `verification: eval` (one input among the others, never enough alone).
 * Two signs, and no harvest asks of its own, make an account evaluation-like. Its repetition, focus, volume and
 * machine pace are what evaluation is; they are set aside, and only harvest evidence of its own (reasoning
 * reconstruction, dictated thinking, grading, censorship-safe rewrites; and reasoning asks unless its answers are
 * held to a form) can flag it.
 */
import type { Account } from '../exchange/account.js';
import type { AccountFeatures } from '../profile/account-profile.js';

/** Enough exchanges to tell a harness from a few formatted questions. */
export const EVALUATION_MIN_EXCHANGES = 20;
/**
 * Share of requests that fix the answer's form. Benchmarks put the instruction on every item of a format; people and
 * apps rarely do, and a harvester wants full answers, so it is the marker that matters.
 */
export const EVALUATION_ANSWER_FORMAT = 0.3;
/** Share of requests at temperature 0 with one sample: a harness scoring answers wants them reproducible. */
export const EVALUATION_DETERMINISTIC = 0.3;
/** Share of prompts holding registered benchmark items: "mostly" the benchmark. */
export const EVALUATION_REGISTERED_ITEMS = 0.5;
/** Harvest asks that evaluation does not explain: above this share the account harvests whatever else it does. */
export const EVALUATION_MAX_OWN_HARVEST = 0.1;

export interface EvaluationSigns {
  answerFormat: boolean;
  deterministic: boolean;
  registeredItems: boolean;
  /** Registered items sent to 2+ models. */
  acrossModels: boolean;
  verified: boolean;
}

export function evaluationSigns(f: AccountFeatures, account?: Account): EvaluationSigns {
  const items = f.registeredItems.share >= EVALUATION_REGISTERED_ITEMS;
  return {
    answerFormat: f.content.answerFormat >= EVALUATION_ANSWER_FORMAT,
    deterministic: f.content.deterministic >= EVALUATION_DETERMINISTIC,
    registeredItems: items,
    acrossModels: items && f.registeredItems.models >= 2,
    verified: account?.verification === 'eval',
  };
}

const count = (s: EvaluationSigns): number => Object.values(s).filter(Boolean).length;

/** Whether an account's traffic is evaluation-like (see the module comment). */
export function evaluationLike(f: AccountFeatures, account?: Account): boolean {
  const c = f.content;
  if (f.exchanges < EVALUATION_MIN_EXCHANGES) return false;
  if (c.trace >= EVALUATION_MAX_OWN_HARVEST || c.thinkingLanguage >= EVALUATION_MAX_OWN_HARVEST) return false;
  if (c.grading >= EVALUATION_MAX_OWN_HARVEST || c.censorship >= EVALUATION_MAX_OWN_HARVEST) return false;
  const signs = evaluationSigns(f, account);
  if (count(signs) < 2) return false;
  // A benchmark's step-by-step prompting is tolerated where the answer is held to a form for scoring; without that,
  // reasoning asks on benchmark items are what a reasoning harvest built on public questions sends.
  return (signs.answerFormat && signs.deterministic) || c.cot < EVALUATION_MAX_OWN_HARVEST;
}

/** The reason shown when evidence was set aside. */
export function evaluationReason(f: AccountFeatures, account?: Account): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const s = evaluationSigns(f, account);
  const parts: string[] = [];
  if (s.answerFormat) parts.push(`${pct(f.content.answerFormat)} of requests fix the answer's form for scoring`);
  if (s.deterministic) parts.push(`${pct(f.content.deterministic)} at temperature 0 with one sample`);
  if (s.registeredItems)
    parts.push(`${pct(f.registeredItems.share)} hold registered benchmark items` + (s.acrossModels ? `, sent to ${f.registeredItems.models} models` : ''));
  if (s.verified) parts.push('verified as an evaluation customer');
  return `evaluation-like: ${parts.join(', ')}, no harvest asks of its own; its repetition, focus, volume and pace are set aside`;
}
