/**
 * One call per request for the gateway: looks up the decisions in force, evaluates the policy, records new
 * automatic decisions (so they persist, reach other replicas and the audit log), applies rate limits, and returns a
 * plan in plain terms: deny with this response, or allow with this max_tokens cap, this reasoning mode and this
 * watermark key. The gateway maps the plan onto its request guard; this module knows nothing about HTTP.
 */
import type { Verdict } from '../detect/report.js';
import type { Account } from '../exchange/account.js';
import { deriveAccountKey } from '../protect/watermark/keys.js';
import type { DecisionStore } from '../store/decisions.js';
import type { Effect } from './actions.js';
import type { ActiveDecisionCache } from './active-cache.js';
import { decide, type Decision } from './decide.js';
import { blockResponse, challengeResponse, throttleResponse, type ApiFlavor, type DenialResponse } from './denials.js';
import type { Policy } from './policy.js';
import { throttleLimits, TokenBucketLimiter } from './token-bucket.js';

export interface EnforcerOptions {
  policy: Policy;
  cache: ActiveDecisionCache;
  /** Where automatic decisions are recorded; omit to evaluate without persisting (dry runs). */
  store?: DecisionStore;
  /** Watermark master secret; omit to disable the watermark action. */
  watermarkSecret?: string;
  limiter?: TokenBucketLimiter;
}

export interface RequestFacts {
  now: number;
  flavor: ApiFlavor;
  account: Pick<Account, 'id'> & Partial<Account>;
  verdict: Verdict;
  score: number;
  exchanges?: number;
  cluster?: string | null;
  clusterVerdict?: Verdict | null;
  signals?: Readonly<Record<string, number>>;
  requestCountry?: string | null;
}

export interface EnforcementPlan {
  decision: Decision;
  /** Send this instead of forwarding (403 block/challenge, 429 throttle). */
  deny: (DenialResponse & { label: 'blocked' | 'challenged' | 'region' | 'throttled' }) | null;
  /** Cap the request's max_tokens at this value. */
  maxTokens: number | null;
  /** Withhold or summarise reasoning in the response. */
  reasoning: 'withhold' | 'summarise' | null;
  /** Watermark the response text with this key. */
  watermarkKey: Buffer | null;
  /** Shadow-mode effects to log (what would have happened). */
  shadow: Effect[];
}

export class Enforcer {
  private readonly limiter: TokenBucketLimiter;
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly options: EnforcerOptions) {
    this.limiter = options.limiter ?? new TokenBucketLimiter();
  }

  check(facts: RequestFacts): EnforcementPlan {
    const { policy, cache, store } = this.options;
    const cluster = facts.cluster ?? null;
    const decision = decide(policy, { ...facts, cluster, active: cache.lookup(facts.account.id, cluster, facts.now) });
    if (store) this.record(decision.toRecord, facts.now);

    let deny: EnforcementPlan['deny'] = null;
    if (decision.deny) {
      const region = decision.effects.find((e) => e.action === decision.deny!.action)?.source === 'region';
      deny =
        decision.deny.action === 'challenge'
          ? { ...challengeResponse(facts.flavor, decision.deny.verifyUrl ?? policy.challenge_url, decision.deny.reason), label: 'challenged' }
          : { ...blockResponse(facts.flavor, decision.deny.reason, region), label: region ? 'region' : 'blocked' };
    } else if (decision.throttle) {
      const limits = throttleLimits(decision.throttle);
      const throttled = decision.effects.find((e) => e.action === 'throttle')!;
      const key = `${throttled.target.kind}:${throttled.target.id}`;
      for (const [name, limit] of [['req', limits.requests], ['tok', limits.tokens]] as const) {
        if (!limit) continue;
        const taken = this.limiter.take(`${name}:${key}`, limit, facts.now, name === 'req' ? 1 : 0);
        const over = name === 'req' ? !taken.allowed : taken.remaining <= 0;
        if (over) {
          deny = { ...throttleResponse(facts.flavor, taken.retryAfterMs || 1000), label: 'throttled' };
          break;
        }
      }
    }
    const secret = this.options.watermarkSecret;
    let watermarkKey: Buffer | null = null;
    if (decision.watermark && secret) {
      watermarkKey = this.keys.get(facts.account.id) ?? deriveAccountKey(secret, facts.account.id);
      if (this.keys.size > 100_000) this.keys.clear();
      this.keys.set(facts.account.id, watermarkKey);
    }
    return {
      decision,
      deny,
      maxTokens: decision.degrade?.maxTokens ?? null,
      reasoning: decision.degrade?.reasoning ?? null,
      watermarkKey,
      shadow: decision.shadow,
    };
  }

  /** Charges the tokens an allowed request actually used against its throttle's token bucket. */
  chargeTokens(plan: EnforcementPlan, now: number, tokens: number): void {
    const t = plan.decision.throttle;
    const limit = t ? throttleLimits(t).tokens : null;
    const throttled = plan.decision.effects.find((e) => e.action === 'throttle');
    if (!limit || !throttled) return;
    this.limiter.charge(`tok:${throttled.target.kind}:${throttled.target.id}`, limit, now, tokens);
  }

  private record(effects: readonly Effect[], now: number): void {
    const { store, cache } = this.options;
    if (!store || effects.length === 0) return;
    for (const e of effects) {
      const stored = store.add({
        target: e.target,
        action: e.action,
        params: e.params,
        reason: e.reason,
        evidence: e.evidence,
        ttlMs: e.ttlMs,
        source: 'policy',
        rule: e.rule,
        actor: `policy:${e.rule}`,
        now,
      });
      cache.put(stored);
    }
  }
}
