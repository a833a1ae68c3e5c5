/**
 * One replay of a simulated scenario through an enforcing gateway on 127.0.0.1 (demo upstream, SQLite in a work
 * directory, default policy unless told otherwise), collecting what the gateway did to every request. Used by
 * bench/replay/run.ts and by the smoke-sized test.
 */
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig } from '../../src/config/config.js';
import { accountSchema, releaseSchema } from '../../src/exchange/account.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { loadDefaultPolicy, loadPolicyFile } from '../../src/decide/policy.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import type { EnforcementEvent } from '../../src/gateway/enforcement/enforcer.js';
import { attachOnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { replayExchanges, type ReplayResult } from '../../src/gateway/replay/replay.js';
import { Gateway } from '../../src/gateway/server.js';
import { readExchangeLog, readJsonlRecords } from '../../src/ingest/jsonl-file.js';
import { verifyAudit } from '../../src/store/audit.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { replayFigures, type Label, type ReplayFigures } from './replay-report.js';

export interface ReplayBenchOptions {
  /** Simulator output directory (exchanges, accounts, releases, labels). */
  dir: string;
  /** Gateway data directory (fresh). */
  workDir: string;
  replaySeconds: number;
  concurrency: number;
  policyFile?: string | undefined;
  /** Log-time minutes between cluster refreshes (default 30, as scan). */
  clusterRefreshLogMinutes?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayBenchResult {
  replay: ReplayResult;
  speed: number;
  figures: ReplayFigures;
  decisions: number;
  clusterRefreshes: { count: number; lastMs: number };
  auditOk: boolean;
  /** When each account first reached `distillation` in the gateway's online detector (ISO time), or null. */
  flaggedAt: Record<string, string | null>;
}

export async function runReplayBench(o: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const exchanges: Exchange[] = [];
  for await (const ex of readExchangeLog(join(o.dir, 'exchanges.jsonl'), () => {})) exchanges.push(ex);
  const accounts = await readJsonlRecords(join(o.dir, 'accounts.jsonl'), accountSchema, () => {});
  const releases = await readJsonlRecords(join(o.dir, 'releases.jsonl'), releaseSchema, () => {});
  const labels: Label[] = [];
  for (const line of (await import('node:fs')).readFileSync(join(o.dir, 'labels.jsonl'), 'utf8').split('\n')) if (line.trim()) labels.push(JSON.parse(line) as Label);

  let first = Infinity;
  let last = -Infinity;
  for (const e of exchanges) {
    const t = Date.parse(e.ts);
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  const speed = Math.max((last - first) / 1000 / o.replaySeconds, 1e-9);

  const upstream = await startDemoUpstream({ models: ['m-1', 'm-1-mini', 'm-2', 'demo-1'] });
  const config = resolveConfig(
    { upstream: { url: upstream.url }, server: { port: 0, trust_proxy: ['127.0.0.1', '::1'] }, data: { dir: o.workDir } },
    {},
  );
  const store = new SqliteStore(o.workDir);
  const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false, trustEventTime: true });
  const events: EnforcementEvent[] = [];
  const online = attachOnlineEnforcement({
    gateway,
    db: store.db,
    policy: o.policyFile ? loadPolicyFile(o.policyFile) : loadDefaultPolicy(),
    dataDir: o.workDir,
    releases,
    // The same log-time cadence as scan's cluster refreshes, in real time at this replay speed.
    clusterRefreshMs: Math.max(200, ((o.clusterRefreshLogMinutes ?? 30) * 60_000) / speed),
    onEvent: (e) => events.push(e),
  });
  await online.started;
  const url = await gateway.listen();
  try {
    const replay = await replayExchanges({
      gatewayUrl: url,
      store,
      exchanges,
      accounts,
      speed,
      concurrency: o.concurrency,
      sendEventTime: true,
      onProgress: o.onProgress,
    });
    await gateway.flush();
    await online.flush();
    const flagged = new Map((await online.detection!.accounts()).map((a) => [a.id, a.first_flagged_at]));
    const stats = await online.detection!.stats();
    const figures = replayFigures(exchanges, labels, events, (id) => flagged.get(id) ?? null);
    return {
      replay,
      speed,
      figures,
      decisions: online.automatic.count,
      clusterRefreshes: { count: stats.clusterRefreshes, lastMs: stats.lastRefreshMs },
      auditOk: verifyAudit(store.db).ok,
      flaggedAt: Object.fromEntries(flagged),
    };
  } finally {
    await online.close();
    await gateway.close(5000);
    await store.close();
    await upstream.close();
  }
}
