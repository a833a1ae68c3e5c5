/**
 * The dashboard's login: the admin token, once, for a session cookie (HttpOnly, SameSite=Strict, Path=/ui). Failed
 * logins are limited per client address exactly like the admin API's bearer token (`ADMIN_LOGIN_FAILURES`). Every
 * state-changing call (POST, DELETE) must carry the session's CSRF token in `x-csrf-token` and, when the browser
 * sends an Origin, come from this origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ADMIN_LOGIN_FAILURES, problem, tokenMatches } from '../../decide/admin-api.js';
import { TokenBucketLimiter, type BucketLimit } from '../../decide/token-bucket.js';
import { SessionStore, type Session } from './sessions.js';

export const SESSION_COOKIE = 'hw_session';
const MAX_TRACKED_ADDRESSES = 10_000;

export interface DashboardAuthOptions {
  token: string | undefined;
  now: () => number;
  loginFailures?: BucketLimit;
}

declare module 'fastify' {
  interface FastifyRequest {
    dashboardSession: Session | null;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const same = (a: string, b: string) => {
  const d = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(d(a), d(b));
};

const loginSchema = z.strictObject({ token: z.string().min(1).max(4096) });

/**
 * Registers /ui/api/login, /ui/api/logout and /ui/api/session on `app` and returns the preHandler that guards every
 * other dashboard API route.
 */
export function dashboardAuth(app: FastifyInstance, options: DashboardAuthOptions) {
  const sessions = new SessionStore();
  const failures = new TokenBucketLimiter(MAX_TRACKED_ADDRESSES);
  const limit = options.loginFailures ?? ADMIN_LOGIN_FAILURES;
  app.decorateRequest('dashboardSession', null);

  const cookie = (req: FastifyRequest, value: string, maxAgeS: number) =>
    `${SESSION_COOKIE}=${value}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${req.protocol === 'https' ? '; Secure' : ''}`;

  const foreignOrigin = (req: FastifyRequest) => {
    const origin = req.headers.origin;
    return origin !== undefined && origin !== `${req.protocol}://${req.headers.host}`;
  };

  const requireSession = async (req: FastifyRequest, reply: FastifyReply) => {
    const session = sessions.get(cookieValue(req.headers.cookie, SESSION_COOKIE), options.now());
    if (!session) return problem(reply, 401, 'not logged in: log in with the admin token');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const presented = req.headers['x-csrf-token'];
      if (foreignOrigin(req) || typeof presented !== 'string' || !same(presented, session.csrf))
        return problem(reply, 403, 'missing or wrong CSRF token (x-csrf-token) or a foreign Origin');
    }
    req.dashboardSession = session;
  };

  app.post('/ui/api/login', async (req, reply) => {
    if (foreignOrigin(req)) return problem(reply, 403, 'login from a foreign Origin refused');
    const t = options.now();
    // Checked before the token, so an address out of attempts learns nothing about its next guess.
    if (failures.take(req.ip, limit, t, 0).remaining < 1) {
      const retryS = Math.ceil(failures.take(req.ip, limit, t, 1).retryAfterMs / 1000);
      reply.header('retry-after', String(retryS));
      return problem(reply, 429, `too many failed admin logins from this address; retry in ${retryS} s`);
    }
    const body = loginSchema.safeParse(req.body ?? {});
    if (!body.success) return problem(reply, 400, 'body must be {"token": "<admin token>"}');
    if (!tokenMatches(body.data.token, options.token)) {
      failures.take(req.ip, limit, t, 1);
      return problem(reply, 401, options.token ? 'wrong admin token' : 'the dashboard is off: no admin token is configured (HYDRAWATCH_ADMIN_TOKEN)');
    }
    const session = sessions.open(t);
    reply.header('set-cookie', cookie(req, session.id, Math.floor((session.expiresAt - t) / 1000)));
    return { csrf: session.csrf, expires: new Date(session.expiresAt).toISOString() };
  });

  app.get('/ui/api/session', { preHandler: requireSession }, async (req) => ({
    csrf: req.dashboardSession!.csrf,
    expires: new Date(req.dashboardSession!.expiresAt).toISOString(),
  }));

  app.post('/ui/api/logout', { preHandler: requireSession }, async (req, reply) => {
    sessions.close(req.dashboardSession!.id);
    reply.header('set-cookie', cookie(req, '', 0));
    return { ok: true };
  });

  return requireSession;
}
