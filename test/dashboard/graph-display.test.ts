import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDisplayGraph, displayLinks, groupsByStrongestKind, ringLayout, type GraphLink } from '../../web/src/graph/display-graph.js';
import { forceLayoutSteps, layoutIterations } from '../../web/src/graph/force-layout.js';

const link = (a: string, b: string, weight: number, kind = 'ip'): GraphLink => ({ a, b, kinds: [kind], weight });

test('each account keeps its strongest links; a pair is drawn once; links to non-members are dropped', () => {
  // A star: the hub is linked to 6 leaves; with 2 links per account every leaf still keeps its only tie.
  const leaves = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];
  const star = leaves.map((l, i) => link('hub', l, i + 1));
  const members = new Set(['hub', ...leaves]);
  assert.equal(displayLinks(star, members, 2).length, 6);
  // A clique of 5 (10 pairs), 1 link per account: at most 5 links, and every account still has one.
  const clique = ['a', 'b', 'c', 'd', 'e'];
  const pairs = clique.flatMap((x, i) => clique.slice(i + 1).map((y, j) => link(x, y, i * 10 + j)));
  const shown = displayLinks(pairs, new Set(clique), 1);
  assert.ok(shown.length <= 5 && shown.length >= 3, `${shown.length} links`);
  for (const id of clique) assert.ok(shown.some((l) => l.a === id || l.b === id), `${id} kept a link`);
  assert.equal(shown[0]!.weight, Math.max(...pairs.map((l) => l.weight)), 'strongest first');
  assert.equal(displayLinks([link('a', 'b', 1), link('b', 'a', 2), link('a', 'zz', 3), link('a', 'a', 4)], new Set(['a', 'b'])).length, 1);
});

test('accounts are grouped by the kind of their strongest link, largest group first, unlinked ones apart', () => {
  const links = [link('a', 'b', 3, 'payment'), link('c', 'd', 2, 'ip'), link('e', 'c', 1, 'ip'), link('b', 'c', 0.5, 'asn')];
  const groups = groupsByStrongestKind(['a', 'b', 'c', 'd', 'e', 'f'], links);
  assert.deepEqual([...groups], [
    ['ip', ['c', 'd', 'e']],
    ['payment', ['a', 'b']],
    ['unlinked', ['f']],
  ]);
});

test('the starting layout puts every account at its own place, each group apart from the others', () => {
  const groups = new Map([
    ['payment', Array.from({ length: 50 }, (_, i) => `p${i}`)],
    ['ip', Array.from({ length: 30 }, (_, i) => `i${i}`)],
  ]);
  const at = ringLayout(groups);
  assert.equal(at.size, 80);
  const points = [...at.values()];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) assert.ok(Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y) > 0.3, 'no overlap');
  const centre = (ids: string[]) => ids.map((id) => at.get(id)!).reduce((s, p) => ({ x: s.x + p.x / ids.length, y: s.y + p.y / ids.length }), { x: 0, y: 0 });
  const [p, i] = [centre(groups.get('payment')!), centre(groups.get('ip')!)];
  assert.ok(Math.hypot(p.x - i.x, p.y - i.y) > Math.sqrt(50), 'the groups do not overlap');
});

test('the display graph has every member once and only the links it draws', () => {
  const members = ['a', 'b', 'c', 'a'].map((id) => ({ id, verdict: 'distillation' as const, exchanges: 10 }));
  const { graph, shownLinks } = buildDisplayGraph(members, [link('a', 'b', 1), link('b', 'c', 2, 'payment'), link('c', 'x', 1)]);
  assert.equal(graph.order, 3);
  assert.equal(graph.size, 2);
  assert.equal(shownLinks, 2);
  assert.equal(graph.getEdgeAttribute(graph.edge('b', 'c')!, 'color'), '#e5484d');
});

test('the force layout moves linked accounts together, in batches, and stops after its iterations', () => {
  // Two linked pairs placed far apart from their partners.
  const positions = new Float32Array([0, 0, 100, 0, 0, 100, 100, 100]);
  const edges = new Uint32Array([0, 3, 1, 2]);
  const weights = new Float32Array([1, 1]);
  const before = Math.hypot(100, 100);
  const steps = [...forceLayoutSteps({ positions: positions.slice(), edges, weights, iterations: 45, batch: 10 })];
  assert.equal(steps.length, 5);
  const last = steps.at(-1)!;
  const dist = (i: number, j: number) => Math.hypot(last[2 * i]! - last[2 * j]!, last[2 * i + 1]! - last[2 * j + 1]!);
  assert.ok(dist(0, 3) < before / 2 && dist(1, 2) < before / 2, `pairs pulled together: ${dist(0, 3)}, ${dist(1, 2)}`);
  assert.ok(layoutIterations(2000) < layoutIterations(100));
});
