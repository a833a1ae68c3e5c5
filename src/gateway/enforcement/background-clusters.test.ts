import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterLayer, ClusterRefresh } from '../../detect/cluster-layer.js';
import { BackgroundClusters } from './background-clusters.js';

test('the engine gets the latest background result at once; the real refresh runs only when asked', () => {
  let computed = 0;
  let observed = 0;
  const result: ClusterRefresh = { clusters: [], accountCluster: new Map([['a', { cluster: 'c_1', verdict: 'distillation', score: 0.9, reasons: [] }]]), alerts: [] };
  const inner: ClusterLayer = {
    observe: () => (observed++, null),
    refresh: () => (computed++, result),
  };
  const layer = new BackgroundClusters(inner);
  assert.equal(layer.stale, false);
  layer.observe({} as never);
  assert.equal(observed, 1);
  assert.equal(layer.stale, true);
  assert.equal(layer.refresh().accountCluster.size, 0, 'nothing computed yet');
  assert.equal(computed, 0);
  assert.equal(layer.recompute(0, new Map()), result);
  assert.equal(layer.stale, false);
  const before = layer.applied;
  assert.equal(layer.refresh(), result);
  assert.equal(layer.applied, before + 1, 'a new result was handed to the engine');
  layer.refresh();
  assert.equal(layer.applied, before + 1, 'the same result is not counted twice');
  assert.equal(computed, 1);
});
