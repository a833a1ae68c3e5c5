import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActiveDecisionCache } from '../../decide/active-cache.js';
import type { Effect } from '../../decide/actions.js';
import { openDatabase } from '../../store/database.js';
import { verifyAudit } from '../../store/audit.js';
import { DecisionStore } from '../../store/decisions.js';
import { AutomaticDecisions } from './automatic-decisions.js';

const effect = (action: Effect['action'], id = 'acct_1'): Effect => ({
  action,
  target: { kind: 'account', id },
  params: action === 'degrade' ? { reasoning: 'summarise', maxTokens: 2048 } : {},
  reason: 'distillation verdict',
  evidence: `/admin/evidence/account%3A${id}`,
  ttlMs: 3_600_000,
  source: 'policy',
  rule: `${action}-rule`,
});

test('policy effects are stored once with TTL, reason and evidence, audited, and cached at once', async () => {
  const db = openDatabase(':memory:');
  const store = new DecisionStore(db);
  const cache = new ActiveDecisionCache(store);
  const auto = new AutomaticDecisions(store, cache);
  const now = Date.now();
  auto.recordNow([effect('degrade'), effect('degrade')], now);
  auto.recordNow([effect('degrade'), { ...effect('block'), source: 'region' }], now);
  assert.equal(auto.count, 1);
  const [d] = cache.lookup('acct_1', null, now);
  assert.equal(d!.action, 'degrade');
  assert.equal(d!.expiresAt, now + 3_600_000);
  assert.equal(d!.evidence, '/admin/evidence/account%3Aacct_1');
  auto.recordLater([effect('throttle'), effect('throttle')]);
  assert.equal(auto.count, 1, 'deferred until the request is answered');
  await new Promise((r) => setImmediate(r));
  assert.equal(auto.count, 2);
  assert.equal(cache.lookup('acct_1', null, Date.now()).length, 2);
  assert.equal(verifyAudit(db).ok, true);
});
