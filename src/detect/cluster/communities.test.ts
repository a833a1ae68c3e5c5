import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyBuckets } from './key-buckets.js';
import { PairLinks } from './pair-links.js';
import { extendPartition, LouvainGraph, louvainPartition, MIN_EDGE_WEIGHT } from './communities.js';

function twoGroups(): PairLinks {
  const links = new PairLinks(new KeyBuckets());
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) links.add(a, b, 'payment', -1);
  for (let a = 10; a < 16; a++) for (let b = a + 1; b < 16; b++) links.add(a, b, 'payment', -1);
  links.add(5, 10, 'asn', -1);
  return links;
}

test('Louvain separates two tightly linked groups joined by one weak link, deterministically', () => {
  const p = louvainPartition(twoGroups());
  assert.equal(new Set([0, 1, 2, 3, 4, 5].map((a) => p.community.get(a))).size, 1);
  assert.equal(new Set([10, 11, 12, 13, 14, 15].map((a) => p.community.get(a))).size, 1);
  assert.notEqual(p.community.get(0), p.community.get(10));
  assert.deepEqual([...louvainPartition(twoGroups()).community], [...p.community]);
});

test('new accounts join the community they are most strongly linked to between full runs', () => {
  const links = twoGroups();
  const p = louvainPartition(links);
  links.add(20, 11, 'payment', -1);
  links.add(21, 20, 'payment', -1);
  links.add(30, 31, 'payment', -1);
  const q = extendPartition(p, links);
  assert.equal(q.full, false);
  assert.equal(q.community.get(20), p.community.get(11));
  assert.equal(q.community.get(21), p.community.get(11));
  assert.equal(q.community.get(30), q.community.get(31));
  assert.notEqual(q.community.get(30), p.community.get(0));
});

test('a graph kept between runs gives the partition of a fresh build, and follows pairs that weaken', () => {
  const links = twoGroups();
  const kept = new LouvainGraph();
  louvainPartition(links, 1, kept);
  links.add(20, 11, 'payment', -1);
  links.add(21, 20, 'payment', -1);
  const fresh = louvainPartition(links);
  const again = louvainPartition(links, 1, kept);
  assert.equal(again.edges, fresh.edges);
  const same = (p: typeof fresh, x: number, y: number) => p.community.get(x) === p.community.get(y);
  for (const [x, y] of [[0, 5], [10, 15], [20, 11], [21, 11], [0, 10]] as const) assert.equal(same(again, x, y), same(fresh, x, y));
  // An address that turns out crowded weakens its pairs below the threshold: they leave the kept graph.
  const keys = new KeyBuckets();
  const crowd = new PairLinks(keys);
  const ip = keys.idOf('ip:1');
  keys.touch(ip, 0, 0, 1e9);
  keys.touch(ip, 1, 0, 1e9);
  crowd.add(0, 1, 'ip', ip);
  const g = new LouvainGraph();
  assert.equal(louvainPartition(crowd, 1, g).edges, 1);
  for (let a = 2; a < 200; a++) keys.touch(ip, a, 0, 1e9);
  assert.equal(louvainPartition(crowd, 1, g).edges, 0);
  assert.equal(g.order, 0);
  assert.equal(g.size, 0);
});

test('the kept Louvain graph follows the pair slots renumbered by eviction', () => {
  const keys = new KeyBuckets();
  const links = new PairLinks(keys);
  const nat = keys.idOf('ip:nat');
  for (let a = 0; a < 300; a++) keys.touch(nat, a, 0, Infinity);
  links.add(1, 2, 'ip', nat); // weak: evicted
  links.add(3, 4, 'payment', -1);
  links.add(5, 6, 'payment', -1);
  const graph = new LouvainGraph();
  assert.equal(graph.sync(links), 2);
  graph.remap(links.evict(60 * 60_000, MIN_EDGE_WEIGHT));
  assert.equal(links.size, 2);
  links.add(7, 8, 'payment', -1); // takes a slot number an old edge once had
  links.add(3, 4, 'payment', -1);
  assert.equal(graph.sync(links), 3);
  const edges: string[] = [];
  graph.forEachNode((a) => graph.forEachEdgeOf(a, (b) => (a < b ? edges.push(`${a}-${b}`) : 0)));
  assert.deepEqual(edges.sort(), ['3-4', '5-6', '7-8']);
  assert.equal(graph.order, 6);
});
