import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterReport } from '../../detect/report.js';
import { clusterQuerySchema, queryClusters } from './cluster-query.js';

const cluster = (id: string, verdict: ClusterReport['verdict'], score: number, members: number): ClusterReport => ({
  id,
  verdict,
  score,
  accounts: Array.from({ length: members }, (_, i) => `${id}-acct-${i}`),
  exchanges: members * 10,
  first_seen: '2026-01-01T00:00:00Z',
  last_seen: '2026-01-02T00:00:00Z',
  capabilities: ['code'],
  links: [{ kind: 'payment', accounts: members }],
  evidence: [],
});

const clusters = [cluster('c1', 'distillation', 0.9, 3), cluster('c2', 'benign', 0.1, 8), cluster('c3', 'suspicious', 0.5, 5)];

test('the default page lists flagged clusters, strongest first', () => {
  const page = queryClusters(clusters, clusterQuerySchema.parse({}));
  assert.equal(page.total, 2);
  assert.deepEqual(page.rows.map((r) => r.id), ['c1', 'c3']);
  assert.deepEqual(page.rows[0]?.link_kinds, ['payment']);
});

test('sorts, filters by verdict and member text, and pages', () => {
  const byAccounts = queryClusters(clusters, clusterQuerySchema.parse({ verdict: 'all', sort: 'accounts', dir: 'asc' }));
  assert.deepEqual(byAccounts.rows.map((r) => r.id), ['c1', 'c3', 'c2']);
  assert.deepEqual(queryClusters(clusters, clusterQuerySchema.parse({ verdict: 'all', q: 'C2-ACCT' })).rows.map((r) => r.id), ['c2']);
  const second = queryClusters(clusters, clusterQuerySchema.parse({ verdict: 'all', size: '2', page: '1' }));
  assert.equal(second.total, 3);
  assert.deepEqual(second.rows.map((r) => r.id), ['c2']);
});

test('a bad query is refused by the schema', () => {
  assert.equal(clusterQuerySchema.safeParse({ sort: 'nope' }).success, false);
  assert.equal(clusterQuerySchema.safeParse({ size: '5000' }).success, false);
});
