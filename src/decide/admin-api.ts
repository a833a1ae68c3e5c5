/**
 * The admin HTTP API for analyst decisions, as a fastify plugin the gateway registers:
 *   POST   /admin/decisions      {account | cluster, action, ttl?, reason?, evidence?}  -> 201 the decision
 *   GET    /admin/decisions      ?all=1 for lifted and expired ones too                 -> 200 {decisions: [...]}
 *   DELETE /admin/decisions/:id  ?reason=...                                            -> 200 the lifted decision
 *   GET    /admin/evidence/:target  `account:ID` or `cluster:ID`                          -> 200 what detection knows
 * Authenticated by `Authorization: Bearer <HYDRAWATCH_ADMIN_TOKEN>` compared in constant time; without a configured
 * token every request is refused (401), so the API is off unless an operator turns it on. Failed attempts are
 * limited per client address: past a burst of them the address gets 429 (with Retry-After) until its budget refills.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DecisionRecords } from '../store/decision-records.js';
import type { StoredDecision } from '../store/decisions.js';
import { ACTIONS } from './actions.js';
import { parseDuration } from './duration.js';
import { TokenBucketLimiter, type BucketLimit } from './token-bucket.js';

export interface AdminApiOptions {
  store: DecisionRecords;
  /** The admin token; defaults to HYDRAWATCH_ADMIN_TOKEN. Empty or missing: the API refuses everything. */
  token?: string | undefined;
  /** Route prefix (default /admin). */
  prefix?: string;
  /**
   * What detection currently knows about a target (`account` or `cluster` and its id): the account's verdict, score
   * and reasons, or the cluster's members, links and evidence; undefined when unknown. The decisions' evidence links
   * point here; may answer asynchronously (detection in its own thread or process). Without it the route answers 404.
   */
  evidence?: (kind: 'account' | 'cluster', id: string) => unknown;
  /** Called after a decision is added or lifted (e.g. to refresh the gateway's cache at once). */
  onChange?: () => unknown;
  /** Told each decision added or lifted through the API (alerts announce it). */
  onDecision?: (decision: StoredDecision, change: 'added' | 'lifted') => void;
  now?: () => number;
  /** Failed token attempts allowed per client address (default `ADMIN_LOGIN_FAILURES`). */
  loginFailures?: BucketLimit;
}

/**
 * A burst of 10 failed admin logins per client address, then one more every 6 s (10 a minute): an operator who
 * mistypes waits seconds, while guessing a token (even a short one) at 14,400 tries a day from one address is
 * hopeless. Addresses tracked are bounded (`MAX_TRACKED_ADDRESSES`), the oldest forgotten first.
 */
export const ADMIN_LOGIN_FAILURES: BucketLimit = { ratePerSecond: 10 / 60, capacity: 10 };
const MAX_TRACKED_ADDRESSES = 10_000;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time check of a presented bearer token against the configured one. */
export function tokenMatches(presented: string | undefined, expected: string | undefined): boolean {
  if (!expected || presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

const addSchema = z
  .strictObject({
    account: z.string().min(1).optional(),
    cluster: z.string().min(1).optional(),
    action: z.enum(ACTIONS),
    ttl: z.string().optional(),
    reason: z.string().min(1).default('analyst decision'),
    evidence: z.string().min(1).optional(),
    actor: z.string().min(1).optional(),
  })
  .refine((b) => Boolean(b.account) !== Boolean(b.cluster), { message: 'give exactly one of account or cluster' });

function view(d: StoredDecision, now: number) {
  return {
    id: d.id,
    state: d.liftedAt !== null ? 'lifted' : d.expiresAt !== null && d.expiresAt <= now ? 'expired' : 'active',
    target: d.target,
    action: d.action,
    params: d.params,
    reason: d.reason,
    evidence: d.evidence,
    source: d.source,
    rule: d.rule,
    actor: d.actor,
    created: new Date(d.createdAt).toISOString(),
    expires: d.expiresAt === null ? null : new Date(d.expiresAt).toISOString(),
    lifted: d.liftedAt === null ? null : new Date(d.liftedAt).toISOString(),
  };
}

const ERROR_TYPES: Record<number, string> = { 401: 'authentication_error', 403: 'permission_error', 429: 'rate_limit_error' };
/** Answers `status` in the admin API's error shape (`{error: {message, type}}`). */
export const problem = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send({ error: { message, type: ERROR_TYPES[status] ?? 'invalid_request_error' } });

/** Parses an analyst's TTL ("24h", "7d"); null without one. Throws with the reason when malformed. */
export function ttlOf(ttl: string | undefined): number | null {
  return ttl === undefined || ttl === '' ? null : parseDuration(ttl);
}

/** The decision (JSON) the admin API and the dashboard answer with. */
export { view as decisionView };

export const adminApi: FastifyPluginAsync<AdminApiOptions> = async (app, options) => {
  const token = options.token ?? process.env.HYDRAWATCH_ADMIN_TOKEN;
  const prefix = options.prefix ?? '/admin';
  const now = options.now ?? Date.now;
  const { store } = options;

  const loginFailures = options.loginFailures ?? ADMIN_LOGIN_FAILURES;
  const failures = new TokenBucketLimiter(MAX_TRACKED_ADDRESSES);

  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const t = now();
    // Checked before the token, so an address out of attempts learns nothing about its next guess.
    if (failures.take(req.ip, loginFailures, t, 0).remaining < 1) {
      const retryS = Math.ceil(failures.take(req.ip, loginFailures, t, 1).retryAfterMs / 1000);
      reply.header('retry-after', String(retryS));
      return problem(reply, 429, `too many failed admin logins from this address; retry in ${retryS} s`);
    }
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!tokenMatches(presented, token)) {
      failures.take(req.ip, loginFailures, t, 1);
      return problem(reply, 401, 'admin token missing or wrong');
    }
  };

  app.post(`${prefix}/decisions`, { preHandler: authenticate }, async (req, reply) => {
    const parsed = addSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return problem(reply, 400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const b = parsed.data;
    let ttlMs: number | null;
    try {
      ttlMs = ttlOf(b.ttl);
    } catch (err) {
      return problem(reply, 400, `ttl: ${(err as Error).message}`);
    }
    const d = await store.add({
      target: b.account ? { kind: 'account', id: b.account } : { kind: 'cluster', id: b.cluster! },
      action: b.action,
      reason: b.reason,
      evidence: b.evidence ?? null,
      ttlMs,
      actor: `admin-api${b.actor ? `:${b.actor}` : ''}`,
      now: now(),
    });
    options.onDecision?.(d, 'added');
    await options.onChange?.();
    return reply.code(201).send(view(d, now()));
  });

  app.get(`${prefix}/decisions`, { preHandler: authenticate }, async (req) => {
    const all = (req.query as Record<string, string | undefined>).all;
    const t = now();
    const list = all === '1' || all === 'true' ? await store.list() : await store.activeAt(t);
    return { decisions: list.map((d) => view(d, t)) };
  });

  app.get(`${prefix}/evidence/:target`, { preHandler: authenticate }, async (req, reply) => {
    const { target } = req.params as { target: string };
    const sep = target.indexOf(':');
    const kind = target.slice(0, sep);
    if (sep < 0 || (kind !== 'account' && kind !== 'cluster')) return problem(reply, 400, 'target must be account:ID or cluster:ID');
    const found: unknown = await options.evidence?.(kind, target.slice(sep + 1));
    if (found === undefined) return problem(reply, 404, `no evidence for ${target}`);
    return found;
  });

  app.delete(`${prefix}/decisions/:id`, { preHandler: authenticate }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const reason = (req.query as Record<string, string | undefined>).reason;
    const lifted = await store.lift(id, { actor: 'admin-api', now: now(), ...(reason ? { reason } : {}) });
    if (!lifted) return problem(reply, 404, `no active decision with id ${id}`);
    options.onDecision?.(lifted, 'lifted');
    await options.onChange?.();
    return view(lifted, now());
  });
};
