/**
 * Bytes the cluster layer holds per account, per key and per linked pair (V8 heap after a full GC, typed arrays
 * included), the figures behind docs/clusters.md's memory section. Usage:
 *   node --expose-gc --import tsx bench/cluster/memory.ts [--n 100000]
 */
import { HydraClusterer } from '../../src/detect/cluster/index.js';
import { KeyBuckets } from '../../src/detect/cluster/key-buckets.js';
import { PairLinks } from '../../src/detect/cluster/pair-links.js';
import { syntheticObservation } from '../../src/detect/cluster/synthetic.js';
import {
  AGENT_SETUPS_PER_ACCOUNT,
  agentSetupId,
  newAccountSummary,
  recordAgentSetup,
} from '../../src/detect/cluster/account-summary.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}
const i = process.argv.indexOf('--n');
const N = i > 0 ? Number(process.argv[i + 1]) : 100_000;

function heapOf<T>(build: () => T): { value: T; bytes: number } {
  gc!();
  const before = process.memoryUsage();
  const value = build();
  gc!();
  const after = process.memoryUsage();
  return { value, bytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers };
}

const lone = heapOf(() => {
  const keys = new KeyBuckets();
  for (let k = 0; k < N; k++) keys.touch(keys.idOf(`ip:10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`), k, 0, 86_400_000);
  return keys;
});
const shared = heapOf(() => {
  const keys = new KeyBuckets();
  for (let k = 0; k < N; k++) {
    const id = keys.idOf(`ip:10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`);
    keys.touch(id, k, 0, 86_400_000);
    keys.touch(id, k + 1, 1, 86_400_000);
  }
  return keys;
});
const pairs = heapOf(() => {
  const links = new PairLinks(new KeyBuckets());
  for (let k = 0; k < N; k++) links.add(k, k + 1, 'ip', -1);
  return links;
});
// Accounts with 200 exchanges each on distinct prompts and templates, from their own address: per-account state at
// its caps (24 templates, 200 prompt hashes), with its one-account keys.
const ACCOUNTS = Math.max(100, Math.round(N / 50));
const accounts = heapOf(() => {
  const c = new HydraClusterer({ accounts: new Map(), releases: [] });
  const t0 = Date.parse('2026-02-01T00:00:00Z');
  for (let e = 0; e < 200; e++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      c.observe(syntheticObservation({ account: `acct-${a}`, t: t0 + e * 60_000, ip: `10.9.${a >> 8}.${a & 255}`, templateId: `tpl-${a}-${e}` }));
    }
  }
  return c;
});
// An account's agent setups (system prompt with tool schema) at their cap: the summary's map of AGENT_SETUPS_PER_ACCOUNT
// ids, each as long as a real one ('tpl-' + 8 hex digits + '+tools-' + 16 hex digits), measured against empty maps.
const setupMaps = (fill: boolean) =>
  heapOf(() => {
    const sums = Array.from({ length: N }, (_, a) => newAccountSummary(a, `acct-${a}`, 0));
    if (fill) {
      for (const sum of sums) {
        for (let k = 0; k < AGENT_SETUPS_PER_ACCOUNT; k++) {
          const hex = (sum.idx * 8 + k).toString(16).padStart(8, '0');
          recordAgentSetup(sum, agentSetupId(`tpl-${hex}`, `tools-${hex}${hex}`));
        }
      }
    }
    return sums;
  });
const emptySetups = setupMaps(false);
const fullSetups = setupMaps(true);

const per = (bytes: number, n: number) => Math.round(bytes / n);
const result = {
  key_one_account_bytes: per(lone.bytes, N),
  key_shared_bytes: per(shared.bytes, N),
  pair_bytes: per(pairs.bytes, N),
  account_bytes: per(accounts.bytes, ACCOUNTS),
  account_live_keys: per(accounts.value.size.keys, ACCOUNTS),
  account_bytes_without_its_keys: per(accounts.bytes - accounts.value.size.keys * per(lone.bytes, N), ACCOUNTS),
  account_agent_setups_bytes: per(fullSetups.bytes - emptySetups.bytes, N),
  note: 'V8 heap + array buffers after a full GC; pairs in growable typed arrays (up to 2x headroom); account: 200 exchanges, 24+ templates, own address; agent setups: the 4 an account keeps at most, over empty maps',
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
