/**
 * The analyst dashboard as a fastify plugin: the built web app under /ui and its small JSON API under /ui/api/*,
 * behind the session login of dashboard-auth.ts. Reads detection state, the store and the decision ledger through
 * `DetectionView`, `DashboardStore` and `DecisionRecords`, so it works on SQLite and PostgreSQL alike; acts through
 * the same ledger as the admin API (every decision audited).
 *
 *   GET  /ui/api/overview                  traffic by verdict, releases, alerts, open cases, top clusters, leakage
 *   GET  /ui/api/clusters?q&verdict&sort&dir&page&size        one page of the campaigns list
 *   GET  /ui/api/clusters/:id?redact=0     a cluster: members, links, decisions, timeline, sample prompts
 *   POST /ui/api/clusters/:id/dismiss      dismiss as benign: allowlist the members, lift decisions, record the label
 *   GET  /ui/api/accounts/:id?redact=0     an account: report, registry entry, links, decisions, timeline
 *   GET  /ui/api/decisions                 every decision, the audit chain's status, enforcement and shadow tallies
 *   POST /ui/api/decisions                 {kind, id, action, ttl?, reason?}
 *   DELETE /ui/api/decisions/:id           lift
 *   GET  /ui/api/events                    server-sent events: `change` when clusters, alerts or decisions change
 */
import { appendFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ACTIONS, type DecisionTarget } from '../../decide/actions.js';
import { decisionView, problem, ttlOf } from '../../decide/admin-api.js';
import type { StoredDecision } from '../../store/decisions.js';
import type { Account } from '../../exchange/account.js';
import type { DecisionRecords } from '../../store/decision-records.js';
import { clusterQuerySchema, queryClusters } from './cluster-query.js';
import { dashboardAuth } from './dashboard-auth.js';
import type { AccountDetail, ClusterDetail, ClusterPage, DecisionsPage, EnforcementTally, Overview } from './api-types.js';
import type { DashboardStore, DetectionView } from './dashboard-source.js';
import { serveDashboardAssets, type loadDashboardAssets } from './static-assets.js';
import { sampleTraffic } from './traffic-sample.js';

export interface DashboardApiOptions {
  assets: ReturnType<typeof loadDashboardAssets>;
  detection: DetectionView;
  store: DashboardStore;
  decisions: DecisionRecords;
  /** Admin token; default HYDRAWATCH_ADMIN_TOKEN (none: every login is refused). */
  token?: string | undefined;
  tally?: () => EnforcementTally;
  /** JSON-lines file where dismissals are recorded as benign labels (for calibration); none: not recorded. */
  labelsFile?: string;
  /** After a decision is added or lifted (refresh the gateway's cache). */
  onDecisionsChange?: () => unknown;
  /** Each decision added or lifted here (the alert sinks announce it, as for the CLI and the admin API). */
  onDecision?: (decision: StoredDecision, change: 'added' | 'lifted') => void;
  /** After an account's registry entry changed (the detector's copy). */
  onAccount?: (account: Account) => void;
  /** How often the event stream checks for changes (default 1000 ms). */
  eventsMs?: number;
  now?: () => number;
}

/** Members sent with a cluster page: enough for a 2,000-node graph. */
const MAX_MEMBERS = 2_000;
/** Links sent with a cluster page, the strongest first: a fleet on one card links every pair, which no graph shows. */
const MAX_LINKS = 20_000;

const decisionSchema = z.strictObject({
  kind: z.enum(['account', 'cluster']),
  id: z.string().min(1).max(200),
  action: z.enum(ACTIONS),
  ttl: z.string().max(20).optional(),
  reason: z.string().min(1).max(500).default('analyst decision (dashboard)'),
});
const dismissSchema = z.strictObject({ reason: z.string().min(1).max(500).default('dismissed as benign (dashboard)') });

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
const sameTarget = (a: DecisionTarget, b: DecisionTarget) => a.kind === b.kind && a.id === b.id;

export const dashboardApi: FastifyPluginAsync<DashboardApiOptions> = async (app, o) => {
  const now = o.now ?? Date.now;
  const token = o.token ?? process.env.HYDRAWATCH_ADMIN_TOKEN;
  const guard = dashboardAuth(app, { token, now });
  serveDashboardAssets(app, o.assets);
  const { detection, store, decisions } = o;

  const decisionsFor = async (targets: DecisionTarget[]) => {
    const t = now();
    return (await decisions.list()).filter((d) => targets.some((x) => sameTarget(d.target, x))).map((d) => decisionView(d, t));
  };
  const actor = (req: FastifyRequest) => `dashboard:${req.ip}`;
  // Sample prompts are redacted unless the analyst asks to see them whole (`?redact=0`).
  const redactOf = (req: FastifyRequest) => (req.query as Record<string, string | undefined>).redact !== '0';

  app.get('/ui/api/overview', { preHandler: guard }, async (): Promise<Overview> => {
    const clusters = detection.clusters();
    const flagged = clusters.filter((c) => c.verdict !== 'benign');
    const active = await decisions.activeAt(now());
    const acted = new Set(active.filter((d) => d.target.kind === 'cluster').map((d) => d.target.id));
    const totals = { benign: 0, suspicious: 0, distillation: 0 };
    const timeline = await detection.timeline();
    for (const b of timeline) for (const v of ['benign', 'suspicious', 'distillation'] as const) totals[v] += b[v];
    const row = (c: (typeof clusters)[number]) => ({ id: c.id, verdict: c.verdict, score: c.score, accounts: c.accounts.length, exchanges: c.exchanges, acted: acted.has(c.id) });
    return {
      timeline,
      releases: await store.listReleases(),
      alerts: detection.alerts().slice(-50),
      open_cases: flagged.filter((c) => !acted.has(c.id)).sort((a, b) => b.score - a.score).slice(0, 10).map(row),
      top_clusters: [...flagged].sort((a, b) => b.exchanges - a.exchanges).slice(0, 5).map(row),
      totals: { ...totals, clusters: clusters.length, flagged_clusters: flagged.length, active_decisions: active.length },
      enforcement: o.tally?.() ?? null,
    };
  });

  app.get('/ui/api/clusters', { preHandler: guard }, async (req, reply) => {
    const q = clusterQuerySchema.safeParse(req.query);
    if (!q.success) return problem(reply, 400, issues(q.error));
    return queryClusters(detection.clusters(), q.data) satisfies ClusterPage;
  });

  app.get('/ui/api/clusters/:id', { preHandler: guard }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const cluster = detection.clusters().find((c) => c.id === id);
    if (!cluster) return problem(reply, 404, `no cluster ${id} in the latest refresh`);
    const members = cluster.accounts.slice(0, MAX_MEMBERS);
    const links = await detection.clusterLinks(id);
    if (links.length > MAX_LINKS) links.sort((a, b) => b.weight - a.weight);
    const { accounts, ...report } = cluster;
    return {
      cluster: { ...report, size: accounts.length },
      members: (await Promise.all(members.map((a) => detection.account(a)))).map(
        (found, i) =>
          found ?? { id: members[i]!, verdict: 'benign', score: 0, cluster: id, exchanges: 0, first_flagged_at: null, flagged_after_exchanges: null, reasons: [] },
      ),
      links: links.slice(0, MAX_LINKS),
      links_total: links.length,
      decisions: await decisionsFor([{ kind: 'cluster', id }]),
      traffic: await sampleTraffic(store, new Set(members), cluster.first_seen, { redact: redactOf(req) }),
    } satisfies ClusterDetail;
  });

  app.get('/ui/api/accounts/:id', { preHandler: guard }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const report = await detection.account(id);
    const registry = await store.getAccount(id);
    if (!report && !registry) return problem(reply, 404, `no account ${id}`);
    const clusterId = report?.cluster ?? null;
    const links = clusterId ? (await detection.clusterLinks(clusterId)).filter((l) => l.a === id || l.b === id) : [];
    const targets: DecisionTarget[] = [{ kind: 'account', id }, ...(clusterId ? [{ kind: 'cluster' as const, id: clusterId }] : [])];
    // From its cluster's first exchange when it has one, else from the start of the archive (the read is bounded).
    const since = detection.clusters().find((c) => c.id === clusterId)?.first_seen ?? new Date(0).toISOString();
    const traffic = await sampleTraffic(store, new Set([id]), since, { redact: redactOf(req) });
    return { account: report ?? null, registry, links, decisions: await decisionsFor(targets), traffic } satisfies AccountDetail;
  });

  app.get('/ui/api/decisions', { preHandler: guard }, async (): Promise<DecisionsPage> => {
    const t = now();
    const audit = await decisions.verifyAudit();
    return { decisions: (await decisions.list()).map((d) => decisionView(d, t)), audit, enforcement: o.tally?.() ?? null };
  });

  app.post('/ui/api/decisions', { preHandler: guard }, async (req, reply) => {
    const body = decisionSchema.safeParse(req.body ?? {});
    if (!body.success) return problem(reply, 400, issues(body.error));
    let ttlMs: number | null;
    try {
      ttlMs = ttlOf(body.data.ttl);
    } catch (err) {
      return problem(reply, 400, `ttl: ${(err as Error).message}`);
    }
    const { kind, id, action, reason } = body.data;
    const d = await decisions.add({ target: { kind, id }, action, reason, ttlMs, actor: actor(req), evidence: `/admin/evidence/${kind}:${id}`, now: now() });
    o.onDecision?.(d, 'added');
    await o.onDecisionsChange?.();
    return reply.code(201).send(decisionView(d, now()));
  });

  app.delete('/ui/api/decisions/:id', { preHandler: guard }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const lifted = await decisions.lift(id, { actor: actor(req), now: now(), reason: 'lifted in the dashboard' });
    if (!lifted) return problem(reply, 404, `no active decision with id ${id}`);
    o.onDecision?.(lifted, 'lifted');
    await o.onDecisionsChange?.();
    return decisionView(lifted, now());
  });

  app.post('/ui/api/clusters/:id/dismiss', { preHandler: guard }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = dismissSchema.safeParse(req.body ?? {});
    if (!body.success) return problem(reply, 400, issues(body.error));
    const cluster = detection.clusters().find((c) => c.id === id);
    if (!cluster) return problem(reply, 404, `no cluster ${id} in the latest refresh`);
    for (const account of cluster.accounts) {
      await store.upsertAccount({ id: account, allowlisted: true });
      o.onAccount?.({ ...((await store.getAccount(account)) ?? { id: account }), allowlisted: true });
    }
    const members = new Set(cluster.accounts);
    const t = now();
    let lifted = 0;
    for (const d of await decisions.activeAt(t)) {
      const about = d.target.kind === 'cluster' ? d.target.id === id : members.has(d.target.id);
      const done = about ? await decisions.lift(d.id, { actor: actor(req), now: t, reason: body.data.reason }) : null;
      if (!done) continue;
      lifted++;
      o.onDecision?.(done, 'lifted');
    }
    if (o.labelsFile) {
      const label = { ts: new Date(t).toISOString(), label: 'benign', cluster: id, accounts: cluster.accounts, verdict: cluster.verdict, score: cluster.score, actor: actor(req), reason: body.data.reason };
      await appendFile(o.labelsFile, `${JSON.stringify(label)}\n`);
    }
    if (lifted) await o.onDecisionsChange?.();
    return { cluster: id, allowlisted: cluster.accounts.length, lifted, labelled: Boolean(o.labelsFile) };
  });

  app.get('/ui/api/events', { preHandler: guard }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    // Each cluster refresh replaces the engine's lists: an identity check tells a change without comparing contents.
    let clusters: unknown = null;
    let alerts: unknown = null;
    let seq = -1;
    const tick = async () => {
      const [c, a, s] = [detection.clusters(), detection.alerts(), await decisions.changeSeq()];
      if (c !== clusters || a !== alerts || s !== seq) {
        [clusters, alerts, seq] = [c, a, s];
        res.write(`event: change\ndata: ${JSON.stringify({ clusters: c.length, alerts: a.length, decisions: s })}\n\n`);
      } else res.write(': keep-alive\n\n');
    };
    const timer = setInterval(() => void tick().catch(() => res.end()), o.eventsMs ?? 1000);
    void tick();
    req.raw.on('close', () => clearInterval(timer));
  });
};
