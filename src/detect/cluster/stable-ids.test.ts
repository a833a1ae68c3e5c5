import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterLayer, ClusterRefresh, ClusterVerdict } from '../cluster-layer.js';
import type { Alert, ClusterReport } from '../report.js';
import { cohortId } from './pivot-cohorts.js';
import { coreClusterId, nameClusters, StableClusterIds, type NamedCluster } from './stable-ids.js';

const cluster = (id: string, accounts: string[]): ClusterReport => ({
  id,
  verdict: 'distillation',
  score: 0.9,
  accounts,
  exchanges: accounts.length * 10,
  first_seen: '2026-02-01T00:00:00Z',
  last_seen: '2026-02-02T00:00:00Z',
  capabilities: [],
  links: [],
  evidence: [],
});

/** A layer whose next refresh returns the clusters given, numbered as the real layer numbers them (`c_N`). */
function scriptedLayer() {
  let next: ClusterReport[] = [];
  const layer: ClusterLayer = {
    observe: () => null,
    refresh(): ClusterRefresh {
      const accountCluster = new Map<string, ClusterVerdict>();
      for (const c of next) for (const a of c.accounts) accountCluster.set(a, { cluster: c.id, verdict: c.verdict, score: c.score, reasons: [] });
      return { clusters: next, accountCluster, alerts: next.map((c) => ({ kind: 'model_pivot', ts: c.last_seen, cluster: c.id, detail: 'pivot' })) };
    },
  };
  return { layer, set: (clusters: ClusterReport[]) => (next = clusters) };
}

test('a new cluster is named after its lowest account id, whatever the layer numbers it', () => {
  const names = nameClusters([], [{ id: 'c_7', accounts: ['b', 'a', 'c'] }]);
  assert.equal(names.get('c_7'), coreClusterId(['a']));
  assert.match(names.get('c_7')!, /^c_[0-9a-f]{8}$/);
});

test('clusters keep their ids by largest overlap when members join, leave and the layer renumbers them', () => {
  const previous: NamedCluster[] = [
    { id: 'c_first', accounts: ['a1', 'a2', 'a3', 'a4'] },
    { id: 'c_second', accounts: ['b1', 'b2'] },
  ];
  const names = nameClusters(previous, [
    { id: 'c_1', accounts: ['b2', 'b3'] },
    { id: 'c_2', accounts: ['a2', 'a3', 'a4', 'a5', 'b1'] },
    { id: 'c_3', accounts: ['z9'] },
  ]);
  assert.equal(names.get('c_2'), 'c_first');
  assert.equal(names.get('c_1'), 'c_second');
  assert.equal(names.get('c_3'), coreClusterId(['z9']));
});

test('a split keeps the id on the larger part; the smaller part gets a new id, never the old one', () => {
  const names = nameClusters([{ id: 'c_x', accounts: ['a', 'b', 'c', 'd', 'e'] }], [
    { id: 'c_1', accounts: ['a', 'b'] },
    { id: 'c_2', accounts: ['c', 'd', 'e'] },
  ]);
  assert.equal(names.get('c_2'), 'c_x');
  assert.notEqual(names.get('c_1'), 'c_x');
});

test('the layer output is renamed everywhere (clusters, account verdicts, alerts) and survives a restart', () => {
  const persisted: NamedCluster[][] = [];
  const { layer, set } = scriptedLayer();
  const stable = new StableClusterIds(layer, { onChange: (c) => persisted.push(c) });
  set([cluster('c_1', ['a1', 'a2', 'a3'])]);
  const first = stable.refresh(0, new Map());
  const id = first.clusters[0]!.id;
  assert.equal(first.accountCluster.get('a2')!.cluster, id);
  assert.equal(first.alerts[0]!.cluster, id);

  // The layer now numbers the same group c_4 (an earlier account joined elsewhere): the id holds.
  set([cluster('c_2', ['x1']), cluster('c_4', ['a1', 'a2', 'a3', 'a4'])]);
  const second = stable.refresh(1, new Map());
  assert.equal(second.clusters.find((c) => c.accounts.includes('a4'))!.id, id);
  assert.equal(second.accountCluster.get('a4')!.cluster, id);
  assert.equal(persisted.length, 2);

  // A restart: a fresh layer that starts from the persisted clusters finds the group (by part of it) under the old id.
  const restarted = scriptedLayer();
  const again = new StableClusterIds(restarted.layer, { previous: persisted.at(-1)! });
  restarted.set([cluster('c_1', ['a3', 'a4', 'a9'])]);
  assert.equal(again.refresh(2, new Map()).clusters[0]!.id, id);
});

test('the links among a cluster\'s accounts come from the layer underneath (the dashboard draws them)', () => {
  const link = { a: 'a1', b: 'a2', kinds: ['payment'], weight: 1 };
  const inner: ClusterLayer = {
    observe: () => null,
    refresh: () => ({ clusters: [], accountCluster: new Map(), alerts: [] }),
    linksAmong: (accounts) => (accounts.includes('a1') && accounts.includes('a2') ? [link] : []),
  };
  const layer = new StableClusterIds(inner);
  assert.deepEqual(layer.linksAmong(['a1', 'a2', 'a3']), [link]);
  assert.deepEqual(new StableClusterIds(scriptedLayer().layer).linksAmong(['a1', 'a2']), []);
});

test('alerts of a pivot check between refreshes carry the stable cluster names, and stay in the result served again', () => {
  const scripted = scriptedLayer();
  const result: { last: ClusterRefresh | null } = { last: null };
  const inner: ClusterLayer = {
    observe: () => null,
    refresh: (...args) => (result.last ??= scripted.layer.refresh(...args)),
    checkPivots: () => [{ kind: 'model_pivot', ts: '2026-02-02T01:00:00Z', cluster: 'c_1', detail: 'moved' }],
  };
  scripted.set([cluster('c_1', ['b', 'a'])]);
  const layer = new StableClusterIds(inner);
  const first = layer.refresh(0, new Map());
  const name = first.clusters[0]!.id;
  assert.equal(name, coreClusterId(['a']));
  const alerts = layer.checkPivots(1);
  assert.deepEqual(alerts?.map((a) => a.cluster), [name]);
  // The inner layer serves its previous result again: the wrapper's answer carries the check's alerts.
  assert.deepEqual(layer.refresh(2, new Map()).alerts.map((a) => a.detail), ['moved']);
});

test("a pivot cohort's alert names its confirming cluster by the stable name it last had, after that cluster is gone", () => {
  const scripted = scriptedLayer();
  let pivots: Alert[] = [];
  const inner: ClusterLayer = { observe: () => null, refresh: (...args) => scripted.layer.refresh(...args), checkPivots: () => pivots };
  const layer = new StableClusterIds(inner);
  scripted.set([cluster('c_1', ['b', 'a'])]);
  const name = layer.refresh(0, new Map()).clusters[0]!.id;
  // The confirming cluster dissolves; the layer later numbers another group c_1.
  scripted.set([]);
  layer.refresh(1, new Map());
  pivots = [{ kind: 'model_pivot', ts: '2026-02-02T01:00:00Z', cluster: cohortId('c_1'), detail: 'moved' }];
  assert.deepEqual(layer.checkPivots(2)?.map((a) => a.cluster), [cohortId(name)]);
  assert.notEqual(name, 'c_1');
});
