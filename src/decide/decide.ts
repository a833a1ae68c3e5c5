/**
 * Turns what detection knows about a request's account into what the gateway does: a pure function of the policy,
 * the account's verdict, score, signals and attributes, the request's region and the decisions already active
 * (analyst decisions and earlier automatic ones, account- or cluster-wide). No I/O: the caller looks up the
 * active decisions (ActiveDecisionCache) and the client's country, and persists new automatic decisions.
 */
import type { Account } from '../exchange/account.js';
import type { Verdict } from '../detect/report.js';
import {
  ACTION_SEVERITY,
  type Action,
  type ActionParams,
  type ActiveDecision,
  type DecisionTarget,
  type Effect,
} from './actions.js';
import { parseDuration } from './duration.js';
import type { Policy, PolicyRule, RuleCondition } from './policy.js';

export interface DecideContext {
  now: number;
  account: Pick<Account, 'id'> & Partial<Pick<Account, 'country' | 'owner_country' | 'tier' | 'verification' | 'allowlisted'>>;
  /** The account's verdict and score (the stronger of its own and its cluster's, as the engine reports). */
  verdict: Verdict;
  score: number;
  exchanges?: number;
  cluster?: string | null;
  clusterVerdict?: Verdict | null;
  /** Per-account shares and rates, e.g. { cot_share: 0.8, grading_share: 0.1 }. */
  signals?: Readonly<Record<string, number>>;
  /** ISO country of the client IP (from geo-IP), or null when unknown. */
  requestCountry?: string | null;
  /** Decisions in force for this account or its cluster. */
  active?: readonly ActiveDecision[];
}

export interface Decision {
  /** The strongest enforced action, or 'allow' when nothing is enforced. */
  action: Action | 'allow';
  /** Everything enforced, strongest first (several can combine: throttle + degrade + watermark). */
  effects: Effect[];
  /** Shadow-mode effects: logged as what would have happened, not enforced. */
  shadow: Effect[];
  /** Consolidated parameters of the enforced effects, ready for the gateway. */
  deny: { action: 'block' | 'challenge'; reason: string; verifyUrl: string | null; evidence: string | null } | null;
  throttle: { requestsPerMinute: number | null; burst: number | null; tokensPerMinute: number | null } | null;
  degrade: { reasoning: 'withhold' | 'summarise'; maxTokens: number | null } | null;
  watermark: boolean;
  /** Policy effects not yet backed by an active decision: the caller records them (with their TTL). */
  toRecord: Effect[];
}

function fill(template: string | undefined, ctx: DecideContext, target: DecisionTarget): string | null {
  if (!template) return null;
  return template
    .replaceAll('{account}', encodeURIComponent(ctx.account.id))
    .replaceAll('{cluster}', encodeURIComponent(ctx.cluster ?? ''))
    .replaceAll('{target}', encodeURIComponent(`${target.kind}:${target.id}`));
}

function inList<T extends string>(list: readonly T[] | undefined, value: T | null | undefined): boolean {
  return !list || (value != null && list.includes(value));
}

/** Does the rule's condition hold? Missing verification counts as 'none', missing tier as 'free'. */
export function conditionHolds(when: RuleCondition, ctx: DecideContext): boolean {
  if (!inList(when.verdict, ctx.verdict)) return false;
  if (!inList(when.cluster_verdict, ctx.clusterVerdict)) return false;
  if (when.min_score !== undefined && ctx.score < when.min_score) return false;
  if (when.max_score !== undefined && ctx.score > when.max_score) return false;
  if (when.min_exchanges !== undefined && (ctx.exchanges ?? 0) < when.min_exchanges) return false;
  if (when.in_cluster !== undefined && when.in_cluster !== Boolean(ctx.cluster)) return false;
  if (!inList(when.tier, ctx.account.tier ?? 'free')) return false;
  if (!inList(when.verification, ctx.account.verification ?? 'none')) return false;
  if (!inList(when.request_country, ctx.requestCountry)) return false;
  if (!inList(when.registration_country, ctx.account.country)) return false;
  for (const [name, { min, max }] of Object.entries(when.signals ?? {})) {
    const value = ctx.signals?.[name];
    if (value === undefined) return false;
    if (min !== undefined && value < min) return false;
    if (max !== undefined && value > max) return false;
  }
  return true;
}

function ruleParams(rule: PolicyRule, policy: Policy, ctx: DecideContext): ActionParams {
  const p = rule.params;
  const params: ActionParams = {};
  if (p.requests_per_minute !== undefined) params.requestsPerMinute = p.requests_per_minute;
  if (p.burst !== undefined) params.burst = p.burst;
  if (p.tokens_per_minute !== undefined) params.tokensPerMinute = p.tokens_per_minute;
  if (p.max_tokens !== undefined) params.maxTokens = p.max_tokens;
  if (rule.action === 'degrade') params.reasoning = p.reasoning ?? 'withhold';
  if (rule.action === 'challenge')
    params.verifyUrl = fill(p.verify_url ?? policy.challenge_url, ctx, { kind: 'account', id: ctx.account.id })!;
  return params;
}

function fromActive(d: ActiveDecision): Effect {
  return {
    action: d.action,
    target: d.target,
    params: d.params,
    reason: d.reason,
    evidence: d.evidence,
    ttlMs: d.expiresAt === null ? null : Math.max(0, d.expiresAt - d.createdAt),
    source: d.source,
    rule: d.source === 'analyst' ? d.id : (d.rule ?? d.id),
  };
}

function isAllowlisted(policy: Policy, ctx: DecideContext): boolean {
  const a = ctx.account;
  return (
    policy.allowlist.accounts.includes(a.id) ||
    (policy.allowlist.honour_account_flag && a.allowlisted === true) ||
    (a.verification !== undefined && policy.allowlist.verification.includes(a.verification))
  );
}

const sameEffect = (a: Effect, b: Effect) =>
  a.action === b.action && a.target.kind === b.target.kind && a.target.id === b.target.id;

/** Evaluates the policy for one request. */
export function decide(policy: Policy, ctx: DecideContext): Decision {
  const effects: Effect[] = [];
  const shadow: Effect[] = [];
  const toRecord: Effect[] = [];
  const active = (ctx.active ?? []).filter((d) => d.expiresAt === null || d.expiresAt > ctx.now);
  const allowlisted = isAllowlisted(policy, ctx);

  // Analyst decisions always apply; automatic ones stop applying once the account is allowlisted.
  for (const d of active) {
    if (d.source === 'policy' && allowlisted) continue;
    (d.action === 'monitor' ? shadow : effects).push(fromActive(d));
  }

  if (!allowlisted) {
    const self: DecisionTarget = { kind: 'account', id: ctx.account.id };
    for (const region of policy.regions) {
      const hit =
        (region.request_countries && ctx.requestCountry && region.request_countries.includes(ctx.requestCountry)) ||
        (region.registration_countries && ctx.account.country && region.registration_countries.includes(ctx.account.country)) ||
        (region.ownership_countries && ctx.account.owner_country && region.ownership_countries.includes(ctx.account.owner_country));
      if (!hit) continue;
      const effect: Effect = {
        action: region.action,
        target: self,
        params: region.action === 'challenge' ? { verifyUrl: fill(policy.challenge_url, ctx, self)! } : {},
        reason: region.reason,
        evidence: null,
        ttlMs: null,
        source: 'region',
        rule: region.name,
      };
      (region.action === 'monitor' ? shadow : effects).push(effect);
    }
    for (const rule of policy.rules) {
      if (!conditionHolds(rule.when, ctx)) continue;
      const target: DecisionTarget =
        rule.scope === 'cluster' && ctx.cluster ? { kind: 'cluster', id: ctx.cluster } : self;
      const params = ruleParams(rule, policy, ctx);
      const effect: Effect = {
        action: rule.mode === 'shadow' ? 'monitor' : rule.action,
        target,
        params: rule.mode === 'shadow' ? { ...params, wouldAction: rule.action } : params,
        reason: rule.reason,
        evidence: fill(policy.evidence_url, ctx, target),
        ttlMs: rule.ttl ? parseDuration(rule.ttl) : null,
        source: 'policy',
        rule: rule.name,
      };
      const backed = active.some(
        (d) => d.source === 'policy' && d.rule === rule.name && d.target.kind === target.kind && d.target.id === target.id,
      );
      if (!backed) toRecord.push(effect);
      if (rule.mode === 'shadow') shadow.push(effect);
      else if (!effects.some((e) => e.rule === rule.name && sameEffect(e, effect))) effects.push(effect);
    }
  }

  effects.sort((a, b) => ACTION_SEVERITY[b.action] - ACTION_SEVERITY[a.action]);
  return consolidate(effects, shadow, toRecord);
}

/** Requests per minute of a throttle that names no limit. */
export const DEFAULT_THROTTLE_RPM = 10;

function minDefined(a: number | null, b: number | undefined): number | null {
  if (b === undefined) return a;
  return a === null ? b : Math.min(a, b);
}

function consolidate(effects: Effect[], shadow: Effect[], toRecord: Effect[]): Decision {
  const denyEffect = effects.find((e) => e.action === 'block' || e.action === 'challenge');
  let throttle: Decision['throttle'] = null;
  let degrade: Decision['degrade'] = null;
  for (const e of effects) {
    if (e.action === 'throttle') {
      throttle ??= { requestsPerMinute: null, burst: null, tokensPerMinute: null };
      throttle.requestsPerMinute = minDefined(throttle.requestsPerMinute, e.params.requestsPerMinute);
      throttle.burst = minDefined(throttle.burst, e.params.burst);
      throttle.tokensPerMinute = minDefined(throttle.tokensPerMinute, e.params.tokensPerMinute);
    } else if (e.action === 'degrade') {
      degrade ??= { reasoning: 'summarise', maxTokens: null };
      if (e.params.reasoning === 'withhold' || e.params.reasoning === undefined) degrade.reasoning = 'withhold';
      degrade.maxTokens = minDefined(degrade.maxTokens, e.params.maxTokens);
    }
  }
  // An analyst throttle without numbers still has to slow the account down.
  if (throttle && throttle.requestsPerMinute === null && throttle.tokensPerMinute === null)
    throttle.requestsPerMinute = DEFAULT_THROTTLE_RPM;
  if (throttle && throttle.burst === null && throttle.requestsPerMinute !== null)
    throttle.burst = Math.max(1, Math.ceil(throttle.requestsPerMinute / 4));
  return {
    action: effects[0]?.action ?? 'allow',
    effects,
    shadow,
    deny: denyEffect
      ? {
          action: denyEffect.action as 'block' | 'challenge',
          reason: denyEffect.reason,
          verifyUrl: denyEffect.params.verifyUrl ?? null,
          evidence: denyEffect.evidence,
        }
      : null,
    throttle,
    degrade,
    watermark: effects.some((e) => e.action === 'watermark'),
    toRecord,
  };
}
