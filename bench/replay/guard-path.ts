/**
 * The whole enforcement step on the request path, as the gateway runs it: the request guard (detector view, cache
 * lookup of account and cluster decisions, decide() with the default policy, building the denial or the
 * rewrite/transforms, token buckets) with tens of thousands of active decisions. Prints p50/p99/p99.9 in µs.
 *   node --import tsx bench/replay/guard-path.ts [activeDecisions=50000] [calls=200000]
 */
import type { ActiveDecision } from '../../src/decide/actions.js';
import { ACTIONS } from '../../src/decide/actions.js';
import { ActiveDecisionCache } from '../../src/decide/active-cache.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import type { Account } from '../../src/exchange/account.js';
import { normalizeRequest } from '../../src/exchange/normalize.js';
import { AutomaticDecisions } from '../../src/gateway/enforcement/automatic-decisions.js';
import { Enforcer } from '../../src/gateway/enforcement/enforcer.js';
import { OnlineDetector } from '../../src/gateway/enforcement/online-detector.js';
import type { GuardContext } from '../../src/gateway/hooks.js';
import { seededRandom } from '../../src/protect/watermark/trigram-student.js';
import { openDatabase } from '../../src/store/database.js';
import { DecisionStore } from '../../src/store/decisions.js';

const active = Number(process.argv[2] ?? 50_000);
const calls = Number(process.argv[3] ?? 200_000);
const random = seededRandom(3);
const now = Date.now();
const accountCount = active * 2;

const cache = new ActiveDecisionCache();
for (let i = 0; i < active; i++) {
  cache.put({
    id: `d_${i}`,
    target: { kind: 'account', id: `acct_${Math.floor(random() * accountCount)}` },
    action: ACTIONS[i % ACTIONS.length]!,
    params: {},
    reason: 'bench',
    evidence: null,
    source: i % 3 === 0 ? 'analyst' : 'policy',
    rule: `r${i % 7}`,
    createdAt: now - 1000,
    expiresAt: now + 3_600_000,
  } satisfies ActiveDecision);
}
const store = new DecisionStore(openDatabase(':memory:'));
const accounts = new Map<string, Account>();
const enforcer = new Enforcer({
  policy: loadDefaultPolicy(),
  detector: new OnlineDetector({ accounts, clusters: false }),
  cache,
  automatic: new AutomaticDecisions(store, cache),
  accounts,
  watermarkSecret: 'bench-secret-0123456789',
});
const body = { model: 'm-1', max_tokens: 4000, messages: [{ role: 'user', content: 'Explain hash tables' }] };
const contexts: GuardContext[] = Array.from({ length: 4096 }, () => {
  const account: Account = { id: `acct_${Math.floor(random() * accountCount)}` };
  return {
    account,
    keyId: 'k',
    ip: '192.0.2.1',
    userAgent: 'bench',
    model: 'm-1',
    endpoint: 'chat.completions',
    arrivedAt: now,
    body,
    get normalized() {
      return normalizeRequest(body, 'chat.completions');
    },
  };
});

const samples = new Float64Array(calls);
for (let i = 0; i < 20_000; i++) enforcer.guard(contexts[i % contexts.length]!);
const counts: Record<string, number> = {};
for (let i = 0; i < calls; i++) {
  const c = contexts[i % contexts.length]!;
  const t0 = process.hrtime.bigint();
  const r = enforcer.guard({ ...c, arrivedAt: now + i });
  if (r instanceof Promise) throw new Error('in-process limits answer at once');
  samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  const k = r.action === 'deny' ? String(r.status) : r.transform || r.request ? 'rewritten' : 'allow';
  counts[k] = (counts[k] ?? 0) + 1;
}
samples.sort();
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
process.stdout.write(
  `request guard with ${active} active decisions, ${calls} calls: p50 ${at(0.5)} µs, p99 ${at(0.99)} µs, p99.9 ${at(0.999)} µs ` +
    `(outcomes ${JSON.stringify(counts)}); target p99 < 50 µs\n`,
);
