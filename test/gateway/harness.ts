/** Test harness: a gateway on an in-memory (or temp-dir) store in front of an upstream on 127.0.0.1. */
import { mkdtempSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

export interface Harness {
  gateway: Gateway;
  store: SqliteStore;
  url: string;
  key: string;
  /** Flushes the recorder and returns everything recorded so far, in time order. */
  recorded(): Promise<Exchange[]>;
  close(): Promise<void>;
}

export async function startHarness(
  upstreamUrl: string,
  overrides: ConfigInput = {},
  extra: Partial<GatewayOptions> = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-gw-'));
  const config = resolveConfig(
    {
      ...overrides,
      upstream: { url: upstreamUrl, ...overrides.upstream },
      server: { port: 0, ...overrides.server },
      data: { dir: dataDir },
      recorder: { flush_ms: 20, ...overrides.recorder },
    },
    {},
  );
  const store = new SqliteStore(dataDir);
  const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false, ...extra });
  const url = await gateway.listen();
  const { secret } = await store.createKey('acct_test');
  return {
    gateway,
    store,
    url,
    key: secret,
    async recorded() {
      await gateway.flush();
      const out: Exchange[] = [];
      for await (const ex of store.exchanges()) out.push(ex);
      return out;
    },
    async close() {
      await gateway.close();
      await store.close();
    },
  };
}

/**
 * Registers `before`/`after` hooks that start the demo upstream and a gateway in front of it, and closes both
 * afterwards; the returned getters are valid inside the tests.
 */
export function demoGatewayFixture(overrides: ConfigInput = {}): { readonly harness: Harness; readonly upstream: DemoUpstream } {
  let upstream: DemoUpstream | undefined;
  let harness: Harness | undefined;
  before(async () => {
    upstream = await startDemoUpstream();
    harness = await startHarness(upstream.url, overrides);
  });
  after(async () => {
    await harness?.close();
    await upstream?.close();
  });
  return {
    get harness() {
      if (!harness) throw new Error('the demo gateway is started by the before hook');
      return harness;
    },
    get upstream() {
      if (!upstream) throw new Error('the demo upstream is started by the before hook');
      return upstream;
    },
  };
}
