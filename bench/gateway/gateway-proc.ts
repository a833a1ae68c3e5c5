/**
 * The gateway under test (own process), with its production defaults: SQLite store in a temp dir, recorder flushing
 * every 100 ms, metrics on, logs at warn. Usage: gateway-proc.ts UPSTREAM_BASE_URL; prints `URL KEY` on stdout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/config.js';
import { Gateway } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hw-bench-'));
const config = resolveConfig({ upstream: { url: process.argv[2] }, server: { port: 0 }, data: { dir: dataDir }, log: { level: 'warn' } }, {});
const store = new SqliteStore(dataDir);
const gateway = new Gateway({ config, store });
const url = await gateway.listen();
const { secret } = await store.createKey('acct_bench');
process.stdout.write(`${url} ${secret}\n`);
process.on('SIGTERM', () => {
  void gateway.close().then(async () => {
    process.stderr.write(`gateway recorded ${await store.countExchanges()} exchanges\n`);
    await store.close();
    process.exit(0);
  });
});
