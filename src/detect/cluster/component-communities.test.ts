import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../signals/hash.js';
import { FarEdges, type LinkGraph } from './component-communities.js';

function graphOf(edges: Map<number, [number, number][]>): LinkGraph {
  return {
    forEachNode: (fn) => [...edges.keys()].sort((x, y) => x - y).forEach((a) => fn(a)),
    forEachEdgeOf: (a, fn) => edges.get(a)?.forEach(([b, w]) => fn(b, w)),
    totalWeight: 0,
    takeChanged: () => new Set(),
  };
}

test("an account's edges to later accounts come out ascending by far end, small degrees and large alike", () => {
  const random = seededRandom(7);
  const far = new FarEdges();
  for (const degree of [0, 1, 5, 16, 17, 40, 300]) {
    const ends = [...new Set(Array.from({ length: degree }, () => Math.floor(random() * 5000)))];
    const edges = ends.map((b): [number, number] => [b, random()]);
    const n = far.collect(graphOf(new Map([[1000, edges]])), 1000);
    const expected = edges.filter(([b]) => b > 1000).sort((x, y) => x[0] - y[0]);
    assert.equal(n, expected.length, `degree ${degree}`);
    assert.deepEqual(
      Array.from({ length: n }, (_, i): [number, number] => [far.far[i]!, far.weight[i]!]),
      expected,
      `degree ${degree}`,
    );
  }
});
