/**
 * A gateway + demo upstream in a child process, for the durability tests: prints `URL KEY` on stdout when ready,
 * then serves until killed (SIGKILL for the hard-kill test) or SIGTERM (graceful).
 * Usage: node --import tsx test/gateway/child-gateway.ts DATA_DIR FLUSH_MS [UPSTREAM_URL]
 * (without UPSTREAM_URL, in front of a demo upstream of its own).
 */
import pino from 'pino';
import { resolveConfig } from '../../src/config/config.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { Gateway } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const [dataDir, flushMs, upstreamUrl] = process.argv.slice(2);
const upstream = upstreamUrl ? { url: upstreamUrl, close: async () => {} } : await startDemoUpstream();
const config = resolveConfig({
  upstream: { url: upstream.url },
  server: { port: 0 },
  data: { dir: dataDir },
  recorder: { flush_ms: Number(flushMs ?? 100) },
}, {});
const store = new SqliteStore(config.data.dir);
const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false });
const url = await gateway.listen();
const { secret } = await store.createKey('acct_child');
process.stdout.write(`${url} ${secret}\n`);
process.on('SIGTERM', () => {
  void gateway.close().then(() => store.close()).then(() => upstream.close());
});
