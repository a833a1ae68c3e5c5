/**
 * The gateway under soak, in its own process so its memory and event loop are measured alone: SQLite store in a
 * temp dir, production recorder settings, online detection with an observe-only policy (nothing is throttled or
 * blocked, so the load stays steady). Started by bench/soak/run.ts (and bench/healthz/run.ts) with the upstream URL,
 * the number of accounts and optional flags, comma-separated: `inline` (exchanges written and request bodies parsed on
 * the event loop, as before the writer and body-parse threads), `no-detection` (the gateway alone, without online detection) and `connections=N` (upstream pool);
 * prints one JSON line `{url, keys}` on stdout, then answers IPC messages:
 *   {type: 'sample'} -> {rss, heapUsed, heapTotal, external, arrayBuffers, rssAnon, rssFile, threads, eldP50, eldP99,
 *                        eldMax, depth, written}  (bytes; delay of the interval since the last sample, ms)
 *   {type: 'memory-after-gc'} -> {rss, heapUsed}  after a full collection
 *   {type: 'stop'}   -> {recorded, written, unwritten, closeError, eldP99, eldMax}  after a graceful close
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { resolveConfig } from '../../src/config/config.js';
import { parsePolicy } from '../../src/decide/policy.js';
import { attachOnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { Gateway } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { memoryBreakdown } from './memory-breakdown.js';

const [upstreamUrl, accountsArg, flagsArg] = process.argv.slice(2);
const flags = new Set((flagsArg ?? '').split(',').filter(Boolean));
if (!upstreamUrl || !process.send) throw new Error('usage: started by bench/soak/run.ts with an IPC channel');

/** Watches and records, never acts: a soak measures the gateway, not the policy. */
const OBSERVE_ONLY = parsePolicy({
  version: 1,
  rules: [{ name: 'observe', when: { verdict: ['suspicious', 'distillation'] }, action: 'monitor', reason: 'soak: observe only' }],
});

const dataDir = mkdtempSync(join(tmpdir(), 'hw-soak-'));
const connections = [...flags].find((f) => f.startsWith('connections='))?.slice('connections='.length);
const upstream = { url: upstreamUrl, ...(connections ? { connections: Number(connections) } : {}) };
const config = resolveConfig({ upstream, server: { port: 0 }, data: { dir: dataDir }, log: { level: 'error' } }, {});
const store = new SqliteStore(dataDir, { writerThread: !flags.has('inline') });
const gateway = new Gateway({ config, store, bodyParseThread: !flags.has('inline') });
const online = flags.has('no-detection') ? null : attachOnlineEnforcement({ gateway, db: store.db, policy: OBSERVE_ONLY, dataDir });
await online?.started;
const url = await gateway.listen();
const keys: string[] = [];
for (let i = 0; i < Number(accountsArg ?? 20); i++) keys.push((await store.createKey(`acct_soak_${i}`)).secret);

// 10 ms resolution: fine enough for a p99 in the tens of ms, cheap enough not to load the loop it measures.
const interval = monitorEventLoopDelay({ resolution: 10 });
const overall = monitorEventLoopDelay({ resolution: 10 });
interval.enable();
overall.enable();
const ms = (ns: number) => Math.round(ns / 1e4) / 100;

process.on('message', async (msg: { type: string }) => {
  if (msg.type === 'sample') {
    process.send!({
      type: 'sample',
      ...memoryBreakdown(),
      eldP50: ms(interval.percentile(50)),
      eldP99: ms(interval.percentile(99)),
      eldMax: ms(interval.max),
      depth: gateway.recorder.depth,
      written: gateway.recorder.written,
    });
    interval.reset();
  } else if (msg.type === 'memory-after-gc') {
    // Live memory only: what a full collection leaves (the process runs with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    process.send!({ type: 'memory-after-gc', rss: mem.rss, heapUsed: mem.heapUsed });
  } else if (msg.type === 'stop') {
    await online?.close();
    // A close that fails (the recorder could not write its last batch) is itself a finding: reported, not fatal.
    const closed = gateway.close(5_000).then(
      () => null,
      (err: unknown) => (err as Error).message,
    );
    void closed.then(async (closeError) => {
      const recorded = await store.countExchanges();
      const left = gateway.recorder.depth;
      process.send!({ type: 'stop', recorded, written: gateway.recorder.written, unwritten: left, closeError, eldP99: ms(overall.percentile(99)), eldMax: ms(overall.max) }, () => {
        void store.close().then(() => {
          rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
      });
    });
  }
});

process.stdout.write(`${JSON.stringify({ url, keys })}\n`);
