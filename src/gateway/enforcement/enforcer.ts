/**
 * Enforcement on the request path, as the gateway's request guard: finds the account's verdict (online detector)
 * and the decisions in force for it and its cluster (in-memory cache), evaluates the policy with `decide()`, and
 * applies the result: block and challenge (403, with the verification link), throttle (token buckets, 429 with
 * Retry-After), degrade (max_tokens capped, reasoning withheld or summarised), watermark (the account's keyed
 * watermark on the answer), monitor (logged only). Region rules use the client IP's country from offline geo-IP
 * data. Policy effects not yet stored are handed to the automatic-decision recorder.
 */
import type { Account } from '../../exchange/account.js';
import type { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { ActiveDecision, Effect } from '../../decide/actions.js';
import type { Verdict } from '../../detect/report.js';
import { decide, DEFAULT_THROTTLE_RPM, type Decision } from '../../decide/decide.js';
import { blockResponse, challengeResponse, throttleResponse, type DenialResponse } from '../../decide/denials.js';
import type { Policy } from '../../decide/policy.js';
import type { RequestLimiter } from '../../decide/request-limiter.js';
import { throttleLimits, TokenBucketLimiter, type TakeResult } from '../../decide/token-bucket.js';
import { deriveAccountKey, watermarkText } from '../../protect/watermark/index.js';
import { lookupCountry } from '../../signals/geo.js';
import type { Exchange } from '../../exchange/exchange.js';
import { ALLOW, type GatewayEndpoint, type GuardContext, type GuardResult } from '../hooks.js';
import type { AutomaticDecisions } from './automatic-decisions.js';
import type { AccountView, DetectionView } from './online-detector.js';
import type { ApiFlavor } from '../../decide/denials.js';
import { responseTransform, type ApiFlavor as TransformFlavor } from './response-transforms.js';

/** What happened to one request, for logs, metrics and the replay benchmark. */
export interface EnforcementEvent {
  account: string;
  /** Epoch ms of the request (its exchange `ts`). */
  at: number;
  /** The strongest enforced action, or 'allow'. */
  action: Decision['action'];
  /** Whether the request was refused (and with which status). */
  denied: number | null;
  degraded: boolean;
  watermarked: boolean;
  /** Shadow-mode actions that would have applied. */
  shadow: string[];
}

export interface EnforcerOptions {
  policy: Policy;
  detector: DetectionView;
  cache: ActiveDecisionCache;
  automatic: AutomaticDecisions;
  /** Account attributes by id; the enforcer adds every authenticated account (the detector reads the same map). */
  accounts: Map<string, Account>;
  /** Watermark master secret (see loadWatermarkSecret). */
  watermarkSecret: string;
  onEvent?: (e: EnforcementEvent) => void;
  /** Client IP -> ISO country; default: the offline geo-IP database (loaded only when the policy needs it). */
  countryOf?: (ip: string) => string | null;
  /** Rate limiter for throttles; default this process's own buckets (cluster mode: shared through Redis). */
  limiter?: RequestLimiter;
}

const PARAM_FIELDS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens'] as const;

/** How answers of each relayed API are rewritten; embeddings have no text or reasoning to rewrite. */
const TRANSFORM_FLAVOR: Record<GatewayEndpoint, TransformFlavor | null> = {
  'chat.completions': 'openai',
  completions: 'openai',
  messages: 'anthropic',
  responses: 'responses',
  embeddings: null,
};

/** True when some rule or region rule of the policy looks at the client IP's country. */
function needsRequestCountry(policy: Policy): boolean {
  return policy.regions.some((r) => r.request_countries?.length) || policy.rules.some((r) => r.when.request_country?.length);
}

export class Enforcer {
  readonly limiter: RequestLimiter;
  private readonly keys = new Map<string, Buffer>();
  private readonly countries = new Map<string, string | null>();
  private readonly useCountry: boolean;
  /** Token buckets charged with each account's tokens once its exchange is over. */
  private readonly tokenBuckets = new Map<string, { key: string; limit: { ratePerSecond: number; capacity: number } }[]>();

  constructor(private readonly o: EnforcerOptions) {
    this.limiter = o.limiter ?? new TokenBucketLimiter();
    this.useCountry = needsRequestCountry(o.policy);
    // Load the geo-IP table now rather than on the first request that needs it.
    if (this.useCountry && !o.countryOf) lookupCountry('127.0.0.1');
  }

  /** The request guard. */
  readonly guard = (ctx: GuardContext): GuardResult | Promise<GuardResult> => {
    // The registry (kept current by the store follower and the admin API) is fresher than the key cache's copy,
    // which may be up to its TTL old: the cached account only introduces an account the registry has not seen.
    const account = this.o.accounts.get(ctx.account.id) ?? ctx.account;
    if (account === ctx.account) this.o.accounts.set(account.id, account);
    const now = Date.now();
    const view = this.o.detector.view(account.id);
    const cluster = view?.cluster ?? null;
    const d = decide(this.o.policy, {
      now,
      account,
      verdict: view?.verdict ?? 'benign',
      score: view?.score ?? 0,
      exchanges: view?.exchanges ?? 0,
      ...clusterContext(view),
      signals: view?.signals,
      requestCountry: this.useCountry ? this.country(ctx.ip) : null,
      active: inForce(this.o.cache.lookup(account.id, cluster, now), view),
    });
    if (d.toRecord.length > 0) this.o.automatic.recordLater(d.toRecord, now);
    if (d.action === 'allow' && d.shadow.length === 0) return ALLOW;
    const result = this.apply(ctx, d);
    // Arrow functions passed inline, not bound to a name: under tsx every named closure costs a defineProperty of
    // its name each time it is made (esbuild's keepNames), which on this path was a tenth of the event loop's time.
    return result instanceof Promise ? result.then((r) => this.report(ctx, d, r)) : this.report(ctx, d, result);
  };

  /** Tells `onEvent` what the guard did with one request; returns the result unchanged. */
  private report(ctx: GuardContext, d: Decision, result: GuardResult): GuardResult {
    this.o.onEvent?.({
      account: ctx.account.id,
      at: ctx.arrivedAt,
      action: d.action,
      denied: result.action === 'deny' ? result.status : null,
      degraded: d.degrade !== null && result.action === 'allow',
      watermarked: d.watermark && result.action === 'allow',
      shadow: d.shadow.map((e) => e.params.wouldAction ?? e.action),
    });
    return result;
  }

  /** Charges a finished exchange's tokens to the account's token-rate buckets (called from the exchange tap). */
  charge(ex: Exchange): void {
    const buckets = this.tokenBuckets.get(ex.account);
    if (!buckets) return;
    const tokens = (ex.response.input_tokens ?? 0) + (ex.response.output_tokens ?? 0);
    if (tokens <= 1) return;
    const t = Date.parse(ex.ts);
    for (const b of buckets) this.limiter.charge(b.key, b.limit, t, tokens - 1);
  }

  private apply(ctx: GuardContext, d: Decision): GuardResult | Promise<GuardResult> {
    const flavor: ApiFlavor = ctx.endpoint === 'messages' ? 'anthropic' : 'openai';
    if (d.deny) {
      const region = d.effects.find((e) => e.action === d.deny!.action)?.source === 'region';
      const res =
        d.deny.action === 'challenge'
          ? challengeResponse(flavor, d.deny.verifyUrl ?? this.verifyUrl(ctx.account.id), d.deny.reason)
          : blockResponse(flavor, d.deny.reason, region);
      return deny(res, d.deny.action === 'challenge' ? 'challenged' : region ? 'region' : 'blocked');
    }
    if (d.throttle) {
      const refused = this.throttle(ctx, d.effects.filter((e) => e.action === 'throttle'));
      const after = (wait: number) => (wait ? deny(throttleResponse(flavor, wait), 'throttled') : this.allow(ctx, d));
      return refused instanceof Promise ? refused.then(after) : after(refused);
    }
    this.tokenBuckets.delete(ctx.account.id);
    return this.allow(ctx, d);
  }

  /** The allowed request as the decision shapes it: capped max_tokens, withheld reasoning, watermark. */
  private allow(ctx: GuardContext, d: Decision): GuardResult {
    const answers = TRANSFORM_FLAVOR[ctx.endpoint];
    if (answers === null) return ALLOW;
    let request: Record<string, unknown> | undefined;
    const cap = d.degrade?.maxTokens ?? null;
    if (cap !== null) {
      for (const field of PARAM_FIELDS) {
        const v = ctx.body[field];
        if (typeof v === 'number' && v > cap) request = { ...(request ?? ctx.body), [field]: cap };
      }
      // Anthropic requires max_tokens; an OpenAI request without one (absent or null) gets the cap.
      if (answers === 'responses' && ctx.body.max_output_tokens == null) request = { ...(request ?? ctx.body), max_output_tokens: cap };
      else if (answers === 'openai' && ctx.body.max_tokens == null && ctx.body.max_completion_tokens == null)
        request = { ...(request ?? ctx.body), max_tokens: cap };
    }
    const transform = responseTransform({
      flavor: answers,
      reasoning: d.degrade?.reasoning ?? null,
      watermark: d.watermark ? this.watermarkFor(ctx.account.id) : null,
    });
    if (!request && !transform) return ALLOW;
    return { action: 'allow', ...(request ? { request } : {}), ...(transform ? { transform } : {}) };
  }

  /** Takes one request from every throttle bucket that applies; returns ms to wait when refused, else 0. */
  private throttle(ctx: GuardContext, effects: Effect[]): number | Promise<number> {
    const at = ctx.arrivedAt;
    let wait = 0;
    const pending: Promise<void>[] = [];
    const note = (r: TakeResult | Promise<TakeResult>) => {
      if (r instanceof Promise) pending.push(r.then((x) => void (!x.allowed && (wait = Math.max(wait, x.retryAfterMs)))));
      else if (!r.allowed) wait = Math.max(wait, r.retryAfterMs);
    };
    const tokenBuckets: { key: string; limit: { ratePerSecond: number; capacity: number } }[] = [];
    for (const e of effects) {
      const rpm = e.params.requestsPerMinute ?? (e.params.tokensPerMinute === undefined ? DEFAULT_THROTTLE_RPM : null);
      const limits = throttleLimits({ requestsPerMinute: rpm, burst: e.params.burst ?? null, tokensPerMinute: e.params.tokensPerMinute ?? null });
      const base = `${e.target.kind}:${e.target.id}:${e.rule}`;
      if (limits.requests) {
        note(this.limiter.take(`${base}:req`, limits.requests, at));
      }
      if (limits.tokens) {
        const key = `${base}:tok`;
        note(this.limiter.take(key, limits.tokens, at, 1));
        tokenBuckets.push({ key, limit: limits.tokens });
      }
    }
    this.tokenBuckets.set(ctx.account.id, tokenBuckets);
    return pending.length ? Promise.all(pending).then(() => wait) : wait;
  }

  /** The policy's verification link for an account (analyst challenges carry none of their own). */
  private verifyUrl(account: string): string {
    return this.o.policy.challenge_url.replaceAll('{account}', encodeURIComponent(account)).replaceAll('{cluster}', '').replaceAll('{target}', encodeURIComponent(`account:${account}`));
  }

  private watermarkFor(account: string): (text: string) => string {
    let key = this.keys.get(account);
    if (!key) this.keys.set(account, (key = deriveAccountKey(this.o.watermarkSecret, account)));
    const k = key;
    return (text) => watermarkText(text, k);
  }

  private country(ip: string): string | null {
    let c = this.countries.get(ip);
    if (c === undefined) {
      c = (this.o.countryOf ?? lookupCountry)(ip);
      if (this.countries.size > 50_000) this.countries.clear();
      this.countries.set(ip, c);
    }
    return c;
  }
}

/**
 * The cluster as the policy sees it. Clusters are recomputed at every refresh and their membership moves, so
 * cluster-wide automatic action is taken only while the account's cluster itself stands judged `distillation`;
 * otherwise a cluster-scoped rule acts on the account alone (a distiller in a mixed or benign cluster does not
 * drag its neighbours along).
 */
export function clusterContext(view: AccountView | undefined): { cluster: string | null; clusterVerdict: Verdict | null } {
  if (!view || view.clusterVerdict !== 'distillation') return { cluster: null, clusterVerdict: view?.clusterVerdict ?? null };
  return { cluster: view.cluster, clusterVerdict: view.clusterVerdict };
}

/**
 * Decisions that apply to this request: analyst decisions always; automatic cluster-wide ones only while the
 * account's current cluster is judged `distillation` (the same cluster id may hold other accounts after a refresh).
 */
export function inForce(list: readonly ActiveDecision[], view: AccountView | undefined): readonly ActiveDecision[] {
  if (list.length === 0 || view?.clusterVerdict === 'distillation') return list;
  if (!list.some((d) => d.source === 'policy' && d.target.kind === 'cluster')) return list;
  return list.filter((d) => !(d.source === 'policy' && d.target.kind === 'cluster'));
}

function deny(res: DenialResponse, reason: string): GuardResult {
  const err = res.body.error as { message?: string } | undefined;
  const headers = { ...res.headers };
  delete headers['content-type'];
  return { action: 'deny', status: res.status, message: err?.message ?? reason, reason, headers, body: res.body };
}
