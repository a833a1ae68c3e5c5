/**
 * The gateway under test (own process), with its production defaults: SQLite store in a temp dir, recorder flushing
 * every 100 ms, metrics on, logs at warn. With `--online`, online detection runs as `serve` runs it (in its worker
 * thread) with the observe-only policy (policies/observe-only.yaml), so the load generator's one account is watched,
 * never throttled. Usage: gateway-proc.ts UPSTREAM_BASE_URL [--online]; prints `URL KEY` on stdout. With
 * HW_THREAD_NAMES=FILE, its worker threads write their ids and names to FILE (thread-names.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/config.js';
import { loadPolicyFile } from '../../src/decide/policy.js';
import { attachOnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { Gateway } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { nameWorkerThreads } from './thread-names.js';

if (process.env.HW_THREAD_NAMES) nameWorkerThreads(process.env.HW_THREAD_NAMES);

const dataDir = mkdtempSync(join(tmpdir(), 'hw-bench-'));
const config = resolveConfig({ upstream: { url: process.argv[2] }, server: { port: 0 }, data: { dir: dataDir }, log: { level: 'warn' } }, {});
const store = new SqliteStore(dataDir);
const gateway = new Gateway({ config, store });
const online = process.argv.includes('--online')
  ? attachOnlineEnforcement({ gateway, db: store.db, policy: loadPolicyFile(join(import.meta.dirname, '../../policies/observe-only.yaml')), dataDir })
  : null;
await online?.started;
const url = await gateway.listen();
const { secret } = await store.createKey('acct_bench');
process.stdout.write(`${url} ${secret}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    const stats = await online?.detection?.stats();
    await online?.close();
    await gateway.close();
    const detected = stats ? `; detection observed ${stats.observed} (${stats.dropped} left out)` : '';
    process.stderr.write(`gateway${online ? ' with detection' : ''} recorded ${await store.countExchanges()} exchanges${detected}\n`);
    await store.close();
    process.exit(0);
  })();
});
