import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../store/database.js';
import { DecisionStore } from '../store/decisions.js';
import { ActiveDecisionCache } from './active-cache.js';
import { Enforcer } from './enforcer.js';
import { loadDefaultPolicy, parsePolicyYaml } from './policy.js';

const NOW = Date.parse('2026-02-20T12:00:00Z');

function setup(policy = loadDefaultPolicy()) {
  const store = new DecisionStore(openDatabase(':memory:'));
  const cache = new ActiveDecisionCache(store);
  return { store, cache, enforcer: new Enforcer({ policy, cache, store, watermarkSecret: 'w'.repeat(32) }) };
}

test('distillation: degraded, watermarked, throttled after the burst; decisions recorded once, cluster-wide, audited', () => {
  const { store, enforcer } = setup();
  const facts = { now: NOW, flavor: 'openai' as const, account: { id: 'a1', verification: 'edu' as const }, verdict: 'distillation' as const, score: 0.9, exchanges: 100, cluster: 'c_1' };
  const first = enforcer.check(facts);
  assert.equal(first.deny, null);
  assert.equal(first.maxTokens, 2048);
  assert.equal(first.reasoning, 'summarise');
  assert.ok(first.watermarkKey);
  const recorded = store.activeAt(NOW);
  assert.ok(recorded.some((d) => d.target.kind === 'cluster' && d.action === 'degrade' && d.expiresAt === NOW + 86_400_000));
  const count = recorded.length;
  let denied = null;
  for (let i = 0; i < 10 && !denied; i++) denied = enforcer.check(facts).deny;
  assert.equal(store.activeAt(NOW).length, count, 'recorded once');
  assert.equal(denied?.status, 429);
  assert.equal(denied?.label, 'throttled');
  assert.ok([...store.audit.entries()].every((e) => e.actor.startsWith('policy:')));
  // another account of the same cluster, benign on its own, is caught by the cluster-wide decisions
  const sibling = enforcer.check({ ...facts, account: { id: 'a2' }, verdict: 'benign', score: 0.1 });
  assert.equal(sibling.reasoning, 'summarise');
});

test('challenge and region denials in the client API shape; allowlisted accounts pass', () => {
  const policy = parsePolicyYaml(`version: 1
regions: [{name: embargo, request_countries: [KP], action: block, reason: "not offered here"}]
rules: [{name: verify, action: challenge, reason: "verify please", when: {verdict: [distillation]}}]
`);
  const { enforcer } = setup(policy);
  const base = { now: NOW, flavor: 'anthropic' as const, account: { id: 'x' }, verdict: 'distillation' as const, score: 0.9 };
  const ch = enforcer.check(base);
  assert.equal(ch.deny?.status, 403);
  assert.equal(ch.deny?.label, 'challenged');
  assert.equal((ch.deny?.body.error as { type: string }).type, 'permission_error');
  const region = enforcer.check({ ...base, verdict: 'benign', requestCountry: 'KP' });
  assert.equal(region.deny?.label, 'region');
  assert.equal(enforcer.check({ ...base, account: { id: 'y', allowlisted: true } }).deny, null);
});
