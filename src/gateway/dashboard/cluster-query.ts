/**
 * The campaigns list as the dashboard asks for it: filtered by verdict and text, sorted, one page at a time, so a
 * browser never receives 10,000 clusters at once.
 */
import { z } from 'zod';
import { VERDICTS, type ClusterReport } from '../../detect/report.js';
import type { ClusterPage } from './api-types.js';

export const CLUSTER_SORTS = ['score', 'accounts', 'exchanges', 'last_seen', 'first_seen', 'id'] as const;

export const clusterQuerySchema = z.strictObject({
  q: z.string().max(200).default(''),
  verdict: z.enum([...VERDICTS, 'flagged', 'all']).default('flagged'),
  sort: z.enum(CLUSTER_SORTS).default('score'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(0).default(0),
  size: z.coerce.number().int().min(1).max(200).default(50),
});
export type ClusterQuery = z.infer<typeof clusterQuerySchema>;

const sortValue = (c: ClusterReport, sort: ClusterQuery['sort']): number | string =>
  sort === 'accounts' ? c.accounts.length : sort === 'id' ? c.id : c[sort];

export function queryClusters(clusters: readonly ClusterReport[], q: ClusterQuery): ClusterPage {
  const text = q.q.trim().toLowerCase();
  const matches = clusters.filter(
    (c) =>
      (q.verdict === 'all' || (q.verdict === 'flagged' ? c.verdict !== 'benign' : c.verdict === q.verdict)) &&
      (text === '' || c.id.toLowerCase().includes(text) || c.accounts.some((a) => a.toLowerCase().includes(text))),
  );
  const sign = q.dir === 'asc' ? 1 : -1;
  matches.sort((a, b) => {
    const x = sortValue(a, q.sort);
    const y = sortValue(b, q.sort);
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1) * sign;
  });
  const rows = matches.slice(q.page * q.size, (q.page + 1) * q.size).map((c) => ({
    id: c.id,
    verdict: c.verdict,
    score: c.score,
    accounts: c.accounts.length,
    exchanges: c.exchanges,
    first_seen: c.first_seen,
    last_seen: c.last_seen,
    capabilities: c.capabilities,
    link_kinds: c.links.map((l) => l.kind),
  }));
  return { total: matches.length, page: q.page, size: q.size, rows };
}
