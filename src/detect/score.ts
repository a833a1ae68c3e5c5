/**
 * The per-account score: each indicator's value is compared with where benign accounts sit (its calibrated level,
 * in units of the benign spread, capped), the excesses are weighted and added into raw evidence, and raw evidence is
 * mapped to [0, 1] so that the calibrated thresholds fall at 0.5 (suspicious) and 0.8 (distillation). Reasons are the
 * indicators that contributed, strongest first, with their numbers. Allowlisted and evaluation-verified accounts are
 * capped below `distillation`: only cluster evidence can take them there.
 */
import type { Account } from '../exchange/account.js';
import type { AccountFeatures } from '../profile/account-profile.js';
import type { Reason, Verdict } from './report.js';
import type { Calibration } from './calibration.js';
import { INDICATORS, showValue } from './indicators.js';
import { evaluationLike, evaluationReason } from './evaluation-behaviour.js';

/** Most units of evidence one indicator can give: no single reading decides alone. */
const MAX_UNITS = 3;
/**
 * The own score reaches `distillation` only with at least this many indicators each a full unit above benign
 * accounts: one odd habit (many user agents behind a NAT, a research group's reasoning prompts) is never enough.
 */
export const MIN_STRONG_INDICATORS = 2;

/** Whether the contributing indicators make enough strong observations for `distillation` (see MIN_STRONG_INDICATORS). */
export function enoughObservations(parts: readonly { i: number; units: number }[]): boolean {
  let strong = 0;
  for (const p of parts) if (p.units >= 1) strong += INDICATORS[p.i]!.strength ?? 1;
  return strong >= MIN_STRONG_INDICATORS;
}

/**
 * The own score reaches `suspicious` only with at least this many indicators above benign accounts: a batch job's
 * volume or an app's one template, alone, is one habit, and holding every such account for review is noise. (An
 * indicator that is itself a conjunction of two facts, `strength` 2, counts as two.)
 */
export const MIN_SUSPICIOUS_INDICATORS = 2;
export const SUSPICIOUS_SCORE = 0.5;
export const DISTILLATION_SCORE = 0.8;

export interface AccountScore {
  raw: number;
  score: number;
  verdict: Verdict;
  reasons: Reason[];
}

/** Accounts whose own score never reaches `distillation`: vouched for by an analyst, or verified evaluation shops. */
export function isExempt(account: Account | undefined): boolean {
  return account?.allowlisted === true || account?.verification === 'eval';
}

/** Raw evidence and the contributing indicators. */
export function rawEvidence(f: AccountFeatures, cal: Calibration, account?: Account): { raw: number; parts: { i: number; units: number }[] } {
  let raw = 0;
  const parts: { i: number; units: number }[] = [];
  const evaluation = evaluationLike(f, account);
  for (let i = 0; i < INDICATORS.length; i++) {
    const ind = INDICATORS[i]!;
    if (evaluation && ind.explainedByEvaluation === true) continue;
    const ref = cal.indicators[ind.signal];
    if (!ref) continue;
    const units = Math.min(MAX_UNITS, (ind.value(f) - ref.level) / Math.max(ref.spread, ind.minSpread));
    if (!(units > 0)) continue;
    raw += ind.weight * units;
    parts.push({ i, units });
  }
  return { raw, parts };
}

/** Maps raw evidence to [0, 1] with the calibrated thresholds at 0.5 and 0.8. */
export function scoreOfRaw(raw: number, cal: Calibration): number {
  const s = cal.suspiciousAt;
  const d = cal.distillationAt;
  if (raw < s) return (SUSPICIOUS_SCORE * raw) / s;
  if (raw < d) return SUSPICIOUS_SCORE + ((DISTILLATION_SCORE - SUSPICIOUS_SCORE) * (raw - s)) / (d - s);
  return DISTILLATION_SCORE + (1 - DISTILLATION_SCORE) * (1 - Math.exp(-(raw - d) / d));
}

export function verdictOf(score: number): Verdict {
  return score >= DISTILLATION_SCORE ? 'distillation' : score >= SUSPICIOUS_SCORE ? 'suspicious' : 'benign';
}

export function scoreAccount(f: AccountFeatures, account: Account | undefined, cal: Calibration, withReasons = true): AccountScore {
  const { raw, parts } = rawEvidence(f, cal, account);
  let score = scoreOfRaw(raw, cal);
  let observations = 0;
  for (const p of parts) observations += INDICATORS[p.i]!.strength ?? 1;
  const capped = f.exchanges < cal.minExchanges || isExempt(account) || !enoughObservations(parts);
  if (capped) score = Math.min(score, DISTILLATION_SCORE - 0.01);
  if (observations < MIN_SUSPICIOUS_INDICATORS) score = Math.min(score, SUSPICIOUS_SCORE - 0.01);
  const reasons: Reason[] = [];
  if (withReasons) {
    parts.sort((a, b) => INDICATORS[b.i]!.weight * b.units - INDICATORS[a.i]!.weight * a.units);
    for (const p of parts.slice(0, 6)) {
      const ind = INDICATORS[p.i]!;
      reasons.push({
        signal: ind.signal,
        weight: Math.round(((ind.weight * p.units) / Math.max(raw, 1e-9)) * 100) / 100,
        detail: `${ind.detail(f)} (benign ${Math.round(cal.referenceQuantile * 100)}th percentile: ${showValue(ind, cal.indicators[ind.signal]!.level)})`,
      });
    }
    if (evaluationLike(f, account)) reasons.push({ signal: 'evaluation_behaviour', weight: 0, detail: evaluationReason(f, account) });
    if (isExempt(account) && raw >= cal.distillationAt)
      reasons.push({ signal: 'exempt', weight: 0, detail: 'allowlisted or evaluation-verified: held at suspicious without cluster evidence' });
  }
  return { raw, score, verdict: verdictOf(score), reasons };
}
