/**
 * Evaluation and batch-scoring work recognised by what it does, not by a `verification` field most providers cannot
 * check: answers held to a fixed form for automatic scoring ("Answer with the letter", "give the final answer after
 * ####") at deterministic settings (temperature 0, one sample), with no harvest asks of its own beyond the benchmark's
 * step-by-step prompting. Such an account's repetition, focus, volume and machine pace are what evaluation is; they
 * are set aside, and only harvest evidence of its own (reasoning reconstruction, dictated thinking, grading,
 * censorship-safe rewrites) can flag it.
 */
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
/** Harvest asks that evaluation does not explain: above this share the account harvests whatever else it does. */
export const EVALUATION_MAX_OWN_HARVEST = 0.1;

/** Whether an account's traffic is evaluation-like (see the module comment). */
export function evaluationLike(f: AccountFeatures): boolean {
  const c = f.content;
  return (
    f.exchanges >= EVALUATION_MIN_EXCHANGES &&
    c.answerFormat >= EVALUATION_ANSWER_FORMAT &&
    c.deterministic >= EVALUATION_DETERMINISTIC &&
    c.trace < EVALUATION_MAX_OWN_HARVEST &&
    c.thinkingLanguage < EVALUATION_MAX_OWN_HARVEST &&
    c.grading < EVALUATION_MAX_OWN_HARVEST &&
    c.censorship < EVALUATION_MAX_OWN_HARVEST
  );
}

/** The reason shown when evidence was set aside. */
export function evaluationReason(f: AccountFeatures): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    `evaluation-like: ${pct(f.content.answerFormat)} of requests fix the answer's form for scoring, ` +
    `${pct(f.content.deterministic)} at temperature 0 with one sample, no harvest asks of its own; its repetition, ` +
    `focus, volume and pace are set aside`
  );
}
