/**
 * Synthetic detection state for the UI benchmark and the keyboard browser test: `clusters` clusters of a few accounts
 * each, and one large cluster of `graphNodes` accounts (none when 0), each linked to a handful of others by a random
 * kind, so the dashboard can be measured at sizes no demo reaches in minutes.
 */
import { LINK_KINDS } from '../../src/detect/cluster/link-kinds.js';
import type { AccountLink } from '../../src/detect/cluster-layer.js';
import type { AccountReport, ClusterReport } from '../../src/detect/report.js';
import type { DetectionView } from '../../src/gateway/dashboard/dashboard-source.js';
import { seededRandom } from '../../src/signals/hash.js';

export const BIG_CLUSTER = 'c_big';

export function syntheticDetection(clusters: number, graphNodes: number, seed = 1): DetectionView {
  const r = seededRandom(seed);
  const verdicts = ['distillation', 'suspicious', 'benign'] as const;
  const t0 = Date.parse('2026-02-01T00:00:00Z');
  const report = (id: string, members: string[]): ClusterReport => {
    const first = t0 + Math.floor(r() * 30 * 86_400_000);
    return {
      id,
      verdict: verdicts[Math.floor(r() * 3)]!,
      score: Math.round(r() * 1000) / 1000,
      accounts: members,
      exchanges: members.length * (5 + Math.floor(r() * 200)),
      first_seen: new Date(first).toISOString(),
      last_seen: new Date(first + Math.floor(r() * 86_400_000)).toISOString(),
      capabilities: ['coding', 'math_reasoning'],
      links: [{ kind: LINK_KINDS[Math.floor(r() * LINK_KINDS.length)]!, accounts: members.length }],
      evidence: [`synthetic cluster of ${members.length} accounts`],
    };
  };
  const all: ClusterReport[] = [];
  for (let i = 0; i < clusters - 1; i++) all.push(report(`c_${i}`, Array.from({ length: 2 + Math.floor(r() * 6) }, (_, j) => `acct_${i}_${j}`)));
  const big = Array.from({ length: graphNodes }, (_, j) => `acct_big_${j}`);
  if (graphNodes > 0) all.push({ ...report(BIG_CLUSTER, big), verdict: 'distillation', score: 0.99 });
  const links: AccountLink[] = [];
  for (let j = 1; j < graphNodes; j++)
    for (let k = 0; k < 5; k++) {
      const other = Math.floor(r() * j);
      links.push({ a: big[other]!, b: big[j]!, kinds: [LINK_KINDS[Math.floor(r() * LINK_KINDS.length)]!], weight: Math.round(r() * 3000) / 1000 });
    }
  const accounts = new Map<string, AccountReport>();
  for (const c of all)
    for (const id of c.accounts)
      accounts.set(id, { id, verdict: c.verdict, score: c.score, cluster: c.id, exchanges: Math.floor(c.exchanges / c.accounts.length), first_flagged_at: null, flagged_after_exchanges: null, reasons: [] });
  // The same arrays on every call, as the engine answers between refreshes (the event stream compares identities).
  const none: never[] = [];
  return {
    clusters: () => all,
    alerts: () => none,
    timeline: async () => none,
    account: async (id) => accounts.get(id),
    clusterLinks: async (id) => (id === BIG_CLUSTER ? links : []),
  };
}
