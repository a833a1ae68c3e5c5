/**
 * `hydrawatch demo` as a child process for the dashboard's browser test and screenshots: its gateway and dashboard
 * URLs, a logged-in API helper, and a wait for the first flagged cluster.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');

/** Every automatic action in shadow mode: the demo's campaigns stay served until an analyst acts. */
export const SHADOW_POLICY = `version: 1
allowlist: { accounts: [], honour_account_flag: true, verification: [eval] }
regions: []
rules:
  - name: would-ban-distillation
    when: { verdict: [distillation] }
    action: block
    mode: shadow
    scope: cluster
    ttl: 24h
    reason: "distillation verdict: would ban the cluster"
`;

export interface DemoProcess {
  gateway: string;
  dashboard: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startDemo(options: { replaySeconds: number; shadowOnly?: boolean }): Promise<DemoProcess> {
  const root = mkdtempSync(join(tmpdir(), 'hw-dash-demo-'));
  const dataDir = join(root, 'data');
  const token = `test-${Math.random().toString(36).slice(2)}`;
  const args = [BIN, 'demo', '--port', '0', '--data', dataDir, '--replay-seconds', String(options.replaySeconds), '--quiet'];
  if (options.shadowOnly) {
    writeFileSync(join(root, 'policy.yaml'), SHADOW_POLICY);
    args.push('--policy', join(root, 'policy.yaml'));
  }
  const child = spawn(process.execPath, args, { env: { ...process.env, HYDRAWATCH_ADMIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const urls = await new Promise<{ gateway: string; dashboard: string }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const gateway = /Hydrawatch gateway:\s+(\S+)/.exec(out)?.[1];
      const dashboard = /Dashboard:\s+(\S+)/.exec(out)?.[1];
      if (gateway && dashboard) resolve({ gateway, dashboard });
    });
    child.once('exit', (code) => reject(new Error(`demo exited (${code}) before printing its URLs:\n${out}\n${err}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { ...urls, token, dataDir, child, stop };
}

/** A cookie-carrying client of the dashboard API, logged in with the admin token. */
export async function dashboardClient(demo: DemoProcess) {
  const base = demo.dashboard.replace(/\/ui\/$/, '');
  const login = await fetch(`${base}/ui/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: demo.token }) });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}/ui/api${path}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Polls until detection reports a cluster with a `distillation` verdict; returns its id and members. */
export async function waitForCampaign(demo: DemoProcess, timeoutMs = 120_000): Promise<{ id: string; members: string[]; links: number }> {
  const get = await dashboardClient(demo);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await get<{ rows: { id: string }[] }>('/clusters?verdict=distillation&sort=exchanges&size=1');
    const id = page.rows[0]?.id;
    if (id) {
      const detail = await get<{ members: { id: string; verdict: string }[]; links: unknown[] }>(`/clusters/${encodeURIComponent(id)}`);
      return { id, members: detail.members.filter((m) => m.verdict === 'distillation').map((m) => m.id), links: detail.links.length };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no distillation cluster within ${timeoutMs / 1000} s`);
}

/** The accounts the cluster `id` holds now (its members that detection judges `distillation`, else all shown). */
export async function campaignMembers(demo: DemoProcess, id: string): Promise<string[]> {
  const get = await dashboardClient(demo);
  const detail = await get<{ members: { id: string; verdict: string }[] }>(`/clusters/${encodeURIComponent(id)}`);
  const flagged = detail.members.filter((m) => m.verdict === 'distillation').map((m) => m.id);
  const members = flagged.length > 0 ? flagged : detail.members.map((m) => m.id);
  if (members.length === 0) throw new Error(`cluster ${id} has no members any more`);
  return members;
}
