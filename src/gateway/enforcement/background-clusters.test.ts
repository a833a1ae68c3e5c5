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

test('alerts of a pivot check join the result the engine takes, without counting as a new result', () => {
  const result: ClusterRefresh = { clusters: [], accountCluster: new Map(), alerts: [] };
  const pivot = { kind: 'model_pivot', ts: '2026-03-06T13:00:00.000Z', detail: 'moved' };
  let raise = false;
  const layer = new BackgroundClusters({
    observe: () => null,
    refresh: () => result,
    checkPivots: () => (raise ? [pivot] : null),
  });
  layer.recompute(0, new Map());
  layer.refresh();
  const applied = layer.applied;
  assert.equal(layer.checkPivots(1), null);
  raise = true;
  assert.deepEqual(layer.checkPivots(2), [pivot]);
  assert.deepEqual(layer.refresh().alerts, [pivot]);
  assert.equal(layer.applied, applied, 'no verdict changed: no sweep');
  // A background refresh computed but not yet taken is still counted when taken.
  raise = false;
  layer.recompute(3, new Map());
  layer.refresh();
  assert.equal(layer.applied, applied + 1);
});
