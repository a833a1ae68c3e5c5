/**
 * Admin routes that keep the gateway's knowledge of accounts and model releases in step with the provider's
 * systems, beside the decision routes and behind the same admin token:
 *   POST /admin/accounts   one account, or {"accounts": [...]}, in the accounts format  -> 200 {created, updated}
 *   POST /admin/releases   {"model", "released"}, or {"releases": [...]}              -> 200 {created, updated}
 * Accounts are upserted (importing the same data twice changes nothing) and take effect in online detection at
 * once; releases are stored and reach online detection at once here, and within one poll on every other gateway
 * and worker (release-follower.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountSchema, releaseSchema, type Account } from '../exchange/account.js';
import { tokenMatches } from '../decide/admin-api.js';
import { importAccounts } from '../store/account-import.js';
import type { Store } from '../store/store.js';

export interface AccountAdminApiOptions {
  store: Pick<Store, 'upsertAccount' | 'getAccount' | 'upsertRelease'>;
  /** The admin token; defaults to HYDRAWATCH_ADMIN_TOKEN. Empty or missing: the routes refuse everything. */
  token?: string | undefined;
  prefix?: string;
  /** Told each account as stored after the update (to refresh online detection's registry). */
  onAccount?: (account: Account) => void;
  /** Told once releases were stored (to bring online detection in step at once). */
  onReleases?: () => void;
}

/** Most records one request may carry; larger imports go in several requests or through `accounts import`. */
const MAX_RECORDS = 10_000;

const accountsBody = z.union([z.strictObject({ accounts: z.array(accountSchema).max(MAX_RECORDS) }), accountSchema.transform((a) => ({ accounts: [a] }))]);
const releasesBody = z.union([z.strictObject({ releases: z.array(releaseSchema).max(MAX_RECORDS) }), releaseSchema.transform((r) => ({ releases: [r] }))]);

const problem = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send({ error: { message, type: status === 401 ? 'authentication_error' : 'invalid_request_error' } });

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

export const accountAdminApi: FastifyPluginAsync<AccountAdminApiOptions> = async (app, options) => {
  const token = options.token ?? process.env.HYDRAWATCH_ADMIN_TOKEN;
  const prefix = options.prefix ?? '/admin';
  const { store } = options;

  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!tokenMatches(presented, token)) return problem(reply, 401, 'admin token missing or wrong');
  };

  app.post(`${prefix}/accounts`, { preHandler: authenticate }, async (req, reply) => {
    const parsed = accountsBody.safeParse(req.body ?? {});
    if (!parsed.success) return problem(reply, 400, issues(parsed.error));
    const summary = await importAccounts(store, parsed.data.accounts);
    for (const a of parsed.data.accounts) {
      const stored = await store.getAccount(a.id);
      if (stored) options.onAccount?.(stored);
    }
    return reply.code(200).send(summary);
  });

  app.post(`${prefix}/releases`, { preHandler: authenticate }, async (req, reply) => {
    const parsed = releasesBody.safeParse(req.body ?? {});
    if (!parsed.success) return problem(reply, 400, issues(parsed.error));
    let created = 0;
    for (const r of parsed.data.releases) if (await store.upsertRelease(r)) created++;
    options.onReleases?.();
    return reply.code(200).send({ created, updated: parsed.data.releases.length - created });
  });
};
