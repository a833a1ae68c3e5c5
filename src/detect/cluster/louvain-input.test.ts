import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { seededRandom } from '../../signals/hash.js';
import { LouvainInput } from './louvain-input.js';

const louvain = louvainModule as unknown as (typeof louvainModule)['default'];

/** A random weighted graph of loosely joined dense groups, edges listed by ascending near end then far end. */
function randomEdges(seed: number, nodes: number): { a: number; b: number; w: number }[] {
  const rng = seededRandom(seed);
  const edges: { a: number; b: number; w: number }[] = [];
  for (let a = 0; a < nodes; a++) {
    for (let b = a + 1; b < nodes; b++) {
      const sameGroup = Math.floor(a / 12) === Math.floor(b / 12);
      if (rng() < (sameGroup ? 0.6 : 0.02)) edges.push({ a, b, w: Math.round((0.25 + rng() * 3) * 1000) / 1000 });
    }
  }
  return edges;
}

test('the typed view gives the communities of a graphology graph with the same nodes and edges in the same order', () => {
  for (const seed of [1, 2, 3, 4]) {
    const nodes = 40 + seed * 30;
    const edges = randomEdges(seed, nodes);
    const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
    for (let i = 0; i < nodes; i++) graph.addNode(String(i));
    for (const { a, b, w } of edges) graph.addUndirectedEdge(String(a), String(b), { weight: w });
    const view = new LouvainInput(nodes, 4);
    for (const { a, b, w } of edges) view.addEdge(a, b, w);
    assert.equal(view.size, edges.length);
    for (const resolution of [1, 0.3]) {
      const options = { getEdgeWeight: 'weight' as const, resolution, rng: seededRandom(0x5eed) };
      const expected = louvain(graph, { ...options, rng: seededRandom(0x5eed) });
      const got = view.communities(options);
      const communities = new Set(got);
      assert.ok(communities.size > 1 && communities.size < nodes, `seed ${seed}: a real partition`);
      for (let i = 0; i < nodes; i++) assert.equal(got[i], expected[String(i)], `seed ${seed}, node ${i}`);
    }
  }
});

test('the view is read-only to anything but addEdge', () => {
  const view = new LouvainInput(2);
  assert.throws(() => view.dropNode(), /read-only/);
});
