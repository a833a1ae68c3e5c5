import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import type { Account } from '../../exchange/account.js';
import type { ClusterReport } from '../../detect/report.js';
import { openDatabase } from '../../store/database.js';
import { DecisionStore } from '../../store/decisions.js';
import { dashboardApi } from './dashboard-api.js';
import type { DashboardStore, DetectionView } from './dashboard-source.js';
import { DASHBOARD_CSP } from './static-assets.js';

const TOKEN = 'dashboard-token-123';
const cluster: ClusterReport = {
  id: 'c_1',
  verdict: 'distillation',
  score: 0.9,
  accounts: ['a1', 'a2'],
  exchanges: 40,
  first_seen: '2026-01-01T00:00:00Z',
  last_seen: '2026-01-01T05:00:00Z',
  capabilities: ['coding'],
  links: [{ kind: 'payment', accounts: 2 }],
  evidence: ['one card pays for both'],
};

async function setup(t: import('node:test').TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'hw-dash-api-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const decisions = new DecisionStore(openDatabase(':memory:'));
  const registry = new Map<string, Account>();
  const detection: DetectionView = {
    clusters: () => [cluster],
    alerts: () => [],
    timeline: async () => [{ t: 0, benign: 3, suspicious: 1, distillation: 40 }],
    account: async (id) => (cluster.accounts.includes(id) ? { id, verdict: 'distillation', score: 0.9, cluster: 'c_1', exchanges: 20, first_flagged_at: null, flagged_after_exchanges: null, reasons: [] } : undefined),
    clusterLinks: async () => [{ a: 'a1', b: 'a2', kinds: ['payment'], weight: 3 }],
  };
  const store: DashboardStore = {
    listReleases: async () => [],
    getAccount: async (id) => registry.get(id) ?? null,
    upsertAccount: async (a) => (registry.set(a.id, { ...registry.get(a.id), ...a }), true),
    async *exchanges() {},
  };
  const assets = new Map([
    ['index.html', { body: Buffer.from('<!doctype html>'), type: 'text/html; charset=utf-8' }],
    ['assets/app-1.js', { body: Buffer.from('1'), type: 'text/javascript; charset=utf-8' }],
  ]);
  const labelsFile = join(dir, 'labels.jsonl');
  const app = Fastify();
  await app.register(dashboardApi, { assets, detection, store, decisions, token: TOKEN, labelsFile });
  const login = async (token = TOKEN) => app.inject({ method: 'POST', url: '/ui/api/login', payload: { token } });
  return { app, decisions, registry, labelsFile, login };
}

test('login: a wrong token is refused, the right one opens a session in an HttpOnly SameSite=Strict cookie', async (t) => {
  const { app, login } = await setup(t);
  assert.equal((await login('wrong')).statusCode, 401);
  assert.equal((await app.inject({ url: '/ui/api/overview' })).statusCode, 401);
  const ok = await login();
  assert.equal(ok.statusCode, 200);
  const cookie = String(ok.headers['set-cookie']);
  assert.match(cookie, /^hw_session=[\w-]+; Path=\/ui; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  const overview = await app.inject({ url: '/ui/api/overview', headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(overview.statusCode, 200);
  assert.equal(overview.json().top_clusters[0].id, 'c_1');
  assert.equal(overview.json().totals.distillation, 40);
});

test('failed logins are rate-limited per address (429 with Retry-After)', async (t) => {
  const { login } = await setup(t);
  let last = await login('wrong');
  for (let i = 0; i < 12; i++) last = await login('wrong');
  assert.equal(last.statusCode, 429);
  assert.ok(Number(last.headers['retry-after']) > 0);
  assert.equal((await login()).statusCode, 429, 'even the right token waits');
});

test('every change needs the session CSRF token and no foreign Origin; logout ends the session', async (t) => {
  const { app, decisions, login } = await setup(t);
  const res = await login();
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const { csrf } = res.json() as { csrf: string };
  const ban = { kind: 'cluster', id: 'c_1', action: 'block', ttl: '1h', reason: 'test' };
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/decisions', headers: { cookie }, payload: ban })).statusCode, 403);
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/decisions', headers: { cookie, 'x-csrf-token': 'nope' }, payload: ban })).statusCode, 403);
  const foreign = { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example', host: 'localhost:80' };
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/decisions', headers: foreign, payload: ban })).statusCode, 403);
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/decisions', headers: { cookie, 'x-csrf-token': csrf }, payload: { ...ban, action: 'nuke' } })).statusCode, 400);
  const made = await app.inject({ method: 'POST', url: '/ui/api/decisions', headers: { cookie, 'x-csrf-token': csrf }, payload: ban });
  assert.equal(made.statusCode, 201);
  const active = decisions.activeAt(Date.now());
  assert.equal(active.length, 1);
  assert.equal(active[0]?.action, 'block');
  assert.match(active[0]!.actor, /^dashboard:/);
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/logout', headers: { cookie, 'x-csrf-token': csrf }, payload: {} })).statusCode, 200);
  assert.equal((await app.inject({ url: '/ui/api/decisions', headers: { cookie } })).statusCode, 401);
});

test('dismiss as benign: allowlists the members, lifts the cluster decision, records the label', async (t) => {
  const { app, decisions, registry, labelsFile, login } = await setup(t);
  const res = await login();
  const headers = { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': (res.json() as { csrf: string }).csrf };
  decisions.add({ target: { kind: 'cluster', id: 'c_1' }, action: 'degrade', reason: 'policy', actor: 'policy:x' });
  const dismissed = await app.inject({ method: 'POST', url: '/ui/api/clusters/c_1/dismiss', headers, payload: { reason: 'our eval partner' } });
  assert.equal(dismissed.statusCode, 200);
  assert.deepEqual(dismissed.json(), { cluster: 'c_1', allowlisted: 2, lifted: 1, labelled: true });
  assert.equal(registry.get('a2')?.allowlisted, true);
  assert.equal(decisions.activeAt(Date.now()).length, 0);
  const label = JSON.parse(readFileSync(labelsFile, 'utf8').trim());
  assert.equal(label.label, 'benign');
  assert.deepEqual(label.accounts, ['a1', 'a2']);
  assert.equal((await app.inject({ method: 'POST', url: '/ui/api/clusters/c_404/dismiss', headers, payload: {} })).statusCode, 404);
});

test('cluster page and list: members, links, bad queries refused', async (t) => {
  const { app, login } = await setup(t);
  const cookie = String((await login()).headers['set-cookie']).split(';')[0]!;
  const page = await app.inject({ url: '/ui/api/clusters/c_1', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  assert.equal(page.json().members.length, 2);
  assert.deepEqual(page.json().links[0].kinds, ['payment']);
  assert.equal((await app.inject({ url: '/ui/api/clusters/c_9', headers: { cookie } })).statusCode, 404);
  assert.equal((await app.inject({ url: '/ui/api/clusters?sort=bogus', headers: { cookie } })).statusCode, 400);
  assert.equal((await app.inject({ url: '/ui/api/clusters?verdict=all', headers: { cookie } })).json().total, 1);
});

test('the page and its assets: strict CSP, content types, long cache for hashed assets only', async (t) => {
  const { app } = await setup(t);
  const page = await app.inject({ url: '/ui/' });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['content-security-policy'], DASHBOARD_CSP);
  assert.doesNotMatch(DASHBOARD_CSP, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers['cache-control'], 'no-cache');
  const js = await app.inject({ url: '/ui/assets/app-1.js' });
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(String(js.headers['cache-control']), /immutable/);
  assert.equal((await app.inject({ url: '/ui/assets/missing.js' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/ui' })).statusCode, 302);
});
