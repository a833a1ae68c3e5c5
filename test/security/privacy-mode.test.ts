/**
 * Privacy mode end to end: a gateway with `privacy.mode: signals` and online enforcement in front of the demo
 * upstream records no prompt or answer text for ordinary accounts, and full text for an account a decision acts on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import type { Exchange } from '../../src/exchange/exchange.js';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { attachOnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { Gateway } from '../../src/gateway/server.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const SECRET = 'MARMALADE-5521';

test('signals mode: an ordinary account keeps no text; an account under a decision keeps its full text', async () => {
  const upstream = await startDemoUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-privacy-'));
  const config = resolveConfig({ upstream: { url: upstream.url }, server: { port: 0 }, data: { dir: dataDir }, recorder: { flush_ms: 20 }, privacy: { mode: 'signals' } }, {});
  const store = new SqliteStore(dataDir);
  const gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false });
  const online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir, clusters: false });
  try {
    await online.started;
    const url = await gateway.listen();
    const ordinaryKey = (await store.createKey('acct_ordinary')).secret;
    const flaggedKey = (await store.createKey('acct_flagged')).secret;
    online.decisions.add({ target: { kind: 'account', id: 'acct_flagged' }, action: 'monitor', reason: 'under review', evidence: null, ttlMs: null, actor: 'test', now: Date.now() });
    online.cache.refreshFromStore();
    const ask = (key: string, stream: boolean) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm-1', stream, messages: [{ role: 'system', content: `Be brief. ${SECRET}` }, { role: 'user', content: `Repeat after me: ${SECRET}` }] }),
      }).then((r) => r.text());
    for (const stream of [false, true]) {
      assert.match(await ask(ordinaryKey, stream), /./);
      await ask(flaggedKey, stream);
    }
    await gateway.flush();
    const recorded: Exchange[] = [];
    for await (const ex of store.exchanges()) recorded.push(ex);
    assert.equal(recorded.length, 4);
    for (const ex of recorded) {
      const json = JSON.stringify(ex);
      if (ex.account === 'acct_flagged') assert.equal(json.includes(SECRET), true, 'a flagged account keeps its full text');
      else {
        assert.equal(json.includes(SECRET), false, 'an ordinary account kept prompt or answer text');
        assert.equal((ex as Record<string, unknown>).privacy, 'signals');
        assert.ok(ex.response.output_tokens !== undefined && ex.response.output_tokens > 0, 'token counts are kept');
      }
    }
  } finally {
    await online.close();
    await gateway.close();
    await store.close();
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
