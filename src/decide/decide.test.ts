import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERIFICATIONS, TIERS } from '../exchange/account.js';
import { VERDICTS } from '../detect/report.js';
import type { ActiveDecision } from './actions.js';
import { decide, type DecideContext } from './decide.js';
import { loadDefaultPolicy, parsePolicyYaml } from './policy.js';
import { seededRandom } from '../protect/watermark/trigram-student.js';

const NOW = Date.parse('2026-02-20T12:00:00Z');
const policy = loadDefaultPolicy();

function ctx(over: Partial<DecideContext> = {}): DecideContext {
  return { now: NOW, account: { id: 'acct_1', tier: 'free', verification: 'none' }, verdict: 'benign', score: 0.1, ...over };
}

test('benign traffic is allowed untouched', () => {
  const d = decide(policy, ctx());
  assert.equal(d.action, 'allow');
  assert.deepEqual(d.effects, []);
  assert.equal(d.deny, null);
});

test('suspicious alone is watched and watermarked, never denied', () => {
  const d = decide(policy, ctx({ verdict: 'suspicious', score: 0.99, exchanges: 10_000 }));
  assert.equal(d.deny, null);
  assert.equal(d.watermark, true);
  assert.equal(d.degrade, null);
  assert.deepEqual(d.shadow.map((e) => [e.action, e.params.wouldAction]), [['monitor', 'degrade']]);
});

test('distillation degrades, throttles and watermarks the cluster; a high score on an unverified account blocks', () => {
  const d = decide(policy, ctx({ verdict: 'distillation', score: 0.9, exchanges: 500, cluster: 'c_9', signals: { cot_share: 0.8 } }));
  assert.equal(d.action, 'throttle');
  assert.equal(d.deny, null);
  assert.deepEqual(d.degrade, { reasoning: 'summarise', maxTokens: 2048 });
  assert.equal(d.throttle?.requestsPerMinute, 6, 'the tighter reasoning-harvest limit wins');
  const cluster = d.effects.find((e) => e.rule === 'degrade-distillation')!;
  assert.deepEqual(cluster.target, { kind: 'cluster', id: 'c_9' });
  assert.equal(cluster.ttlMs, 24 * 3_600_000);
  assert.equal(cluster.evidence, '/admin/evidence/cluster%3Ac_9');
  assert.equal(d.toRecord.length, d.effects.length + d.shadow.length);

  const blocked = decide(policy, ctx({ verdict: 'distillation', score: 0.97, exchanges: 500 }));
  assert.equal(blocked.action, 'block');
  assert.equal(blocked.deny?.action, 'block');
  const verified = decide(policy, ctx({ verdict: 'distillation', score: 0.97, exchanges: 500, account: { id: 'u', verification: 'edu', tier: 'paid' } }));
  assert.equal(verified.deny, null, 'verified customers are slowed down, not blocked');
});

test('allowlisted accounts are never acted on by policy, whatever the verdict', () => {
  for (const account of [
    { id: 'a', allowlisted: true },
    { id: 'b', verification: 'eval' as const },
  ]) {
    const d = decide(policy, ctx({ account, verdict: 'distillation', score: 1, exchanges: 1e6 }));
    assert.equal(d.action, 'allow');
    assert.deepEqual([...d.effects, ...d.shadow, ...d.toRecord], []);
  }
});

test('property: the default policy never denies on suspicious and never touches allowlisted accounts', () => {
  const random = seededRandom(42);
  const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  for (let i = 0; i < 2000; i++) {
    const c = ctx({
      verdict: pickOne(VERDICTS),
      score: random(),
      exchanges: Math.floor(random() * 5000),
      cluster: random() < 0.5 ? 'c_1' : null,
      account: { id: `a${i}`, verification: pickOne(VERIFICATIONS), tier: pickOne(TIERS), allowlisted: random() < 0.2 },
      signals: { cot_share: random() },
      requestCountry: pickOne(['US', 'DE', 'CN', null]),
    });
    const d = decide(policy, c);
    if (c.verdict !== 'distillation') assert.equal(d.deny, null, JSON.stringify(c));
    if (c.account.allowlisted) assert.equal(d.action, 'allow');
  }
});

test('region and ownership restrictions; analyst decisions apply and expire', () => {
  const p = parsePolicyYaml(`version: 1
regions:
  - {name: embargo, request_countries: [KP], action: block, reason: "not offered in this region"}
  - {name: ownership, registration_countries: [XX], action: challenge, reason: "verify ownership"}
`);
  assert.equal(decide(p, ctx({ requestCountry: 'KP' })).deny?.action, 'block');
  assert.equal(decide(p, ctx({ requestCountry: 'DE' })).deny, null);
  const ch = decide(p, ctx({ account: { id: 'acct 7', country: 'XX' } }));
  assert.equal(ch.deny?.action, 'challenge');
  assert.equal(ch.deny?.verifyUrl, 'https://example.invalid/verify?account=acct%207');
  assert.equal(decide(p, ctx({ requestCountry: 'KP', account: { id: 'ok', allowlisted: true } })).deny, null);

  const owned = parsePolicyYaml(`version: 1
regions:
  - {name: foreign-control, ownership_countries: [XX], action: block, reason: "controlled from a restricted jurisdiction"}
`);
  assert.equal(decide(owned, ctx({ account: { id: 'subsidiary', country: 'SG', owner_country: 'XX' } })).deny?.action, 'block', 'registered elsewhere, owned from XX');
  assert.equal(decide(owned, ctx({ account: { id: 'local', country: 'XX' } })).deny, null, 'registration alone is not ownership');
  assert.throws(() => parsePolicyYaml('version: 1\nregions:\n  - {name: r, action: block, reason: x}\n'), /ownership_countries/);

  const analyst: ActiveDecision = {
    id: 'd_1', target: { kind: 'cluster', id: 'c_1' }, action: 'throttle', params: {}, reason: 'analyst',
    evidence: null, source: 'analyst', rule: null, createdAt: NOW - 1000, expiresAt: NOW + 1000,
  };
  const d = decide(p, ctx({ cluster: 'c_1', active: [analyst] }));
  assert.equal(d.action, 'throttle');
  assert.deepEqual(d.throttle, { requestsPerMinute: 10, burst: 3, tokensPerMinute: null });
  assert.equal(decide(p, ctx({ cluster: 'c_1', active: [analyst], now: NOW + 1000 })).action, 'allow', 'expired');
  const allowlistedStillAnalyst = decide(p, ctx({ account: { id: 'z', allowlisted: true }, active: [analyst] }));
  assert.equal(allowlistedStillAnalyst.action, 'throttle', 'an analyst decision overrides the allowlist');
});

test('a policy effect already backed by a recorded decision is not recorded again', () => {
  const first = decide(policy, ctx({ verdict: 'suspicious', score: 0.7 }));
  const recorded: ActiveDecision[] = first.toRecord.map((e, i) => ({
    id: `d_${i}`, target: e.target, action: e.action, params: e.params, reason: e.reason, evidence: e.evidence,
    source: 'policy', rule: e.rule, createdAt: NOW, expiresAt: NOW + (e.ttlMs ?? 1),
  }));
  const second = decide(policy, ctx({ verdict: 'suspicious', score: 0.7, active: recorded }));
  assert.deepEqual(second.toRecord, []);
  assert.equal(second.watermark, true);
});
