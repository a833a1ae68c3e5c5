/**
 * Finds the groups of accounts run by one operator: Louvain community detection (graphology) over the weighted link
 * graph, then a merge of communities that are pieces of one larger structure (modularity splits any large uniform
 * network, such as a hydra whose accounts share resources at random, into many parts; parts whose strong
 * common-control links mostly lead outside are joined to their neighbours). Louvain runs on each connected component
 * of the graph apart (component-communities.ts), and only on the components whose links changed since the last run.
 * Between full runs, accounts that appeared since the last run join the community of their strongest neighbour, so a
 * refresh every 30 minutes of log time stays cheap while the graph changes little.
 */
import { UndirectedGraph } from 'graphology';
import type { PairLinks } from './pair-links.js';
import { ComponentCommunities } from './component-communities.js';

/** Pairs weaker than this are left out of the graph: background noise from crowded keys. */
export const MIN_EDGE_WEIGHT = 0.25;
export interface Partition {
  /** account index -> community number */
  community: Map<number, number>;
  /** whether Louvain ran (false: incremental assignment of new accounts) */
  full: boolean;
  edges: number;
}

/**
 * The Louvain input graph, kept between refreshes: each refresh only adds the pairs that became strong enough, updates
 * the weights that changed and drops the pairs (and accounts) that fell below MIN_EDGE_WEIGHT, instead of rebuilding
 * hundreds of thousands of edges from scratch.
 */
export class LouvainGraph {
  readonly graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  /** per pair slot: the weight it has in the graph (0 = not in it) and its edge key */
  private inGraph = new Float64Array(1024);
  private keys: (string | undefined)[] = [];
  /** edge keys are numbered, not named by slot: slots change when weak pairs are evicted (see `remap`) */
  private nextEdge = 0;
  /** accounts whose edges were added, reweighted or dropped since the last `takeChanged` */
  private changed = new Set<number>();
  /** sum of the edge weights as of the last `sync` */
  totalWeight = 0;

  /** The accounts whose edges changed since the previous call (their components need Louvain again). */
  takeChanged(): Set<number> {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  /**
   * Follows a renumbering of the pair slots (`PairLinks.evict`); an evicted pair still in the graph (it weakened since
   * the last sync) leaves it.
   */
  remap(remap: Int32Array): void {
    const inGraph = new Float64Array(this.inGraph.length);
    const keys: (string | undefined)[] = [];
    for (let old = 0; old < remap.length; old++) {
      const to = remap[old] ?? -1;
      const key = this.keys[old];
      if (to < 0) {
        if (key !== undefined) {
          for (const end of this.graph.extremities(key)) this.changed.add(Number(end));
          this.graph.dropEdge(key);
        }
        continue;
      }
      inGraph[to] = this.inGraph[old] ?? 0;
      keys[to] = key;
    }
    for (const n of this.graph.nodes()) if (this.graph.degree(n) === 0) this.graph.dropNode(n);
    this.inGraph = inGraph;
    this.keys = keys;
  }

  /** Brings the graph up to date with `links`; returns the number of edges. */
  sync(links: PairLinks): number {
    if (this.inGraph.length < links.size) {
      const next = new Float64Array(Math.max(links.size, this.inGraph.length * 2));
      next.set(this.inGraph);
      this.inGraph = next;
    }
    const graph = this.graph;
    let total = 0;
    links.forEach((a, b, slot) => {
      const w = links.partitionWeight(slot);
      const prev = this.inGraph[slot] ?? 0;
      const strong = w >= MIN_EDGE_WEIGHT;
      if (strong) total += w;
      if (strong && prev > 0) {
        if (w === prev) return;
        graph.setEdgeAttribute(this.keys[slot] ?? '', 'weight', w);
      } else if (strong) {
        const na = String(a);
        const nb = String(b);
        graph.mergeNode(na);
        graph.mergeNode(nb);
        const key = `e${this.nextEdge++}`;
        graph.addUndirectedEdgeWithKey(key, na, nb, { weight: w });
        this.keys[slot] = key;
      } else if (prev > 0) {
        graph.dropEdge(this.keys[slot] ?? '');
        this.keys[slot] = undefined;
        for (const n of [String(a), String(b)]) if (graph.degree(n) === 0) graph.dropNode(n);
      } else return;
      this.inGraph[slot] = strong ? w : 0;
      this.changed.add(a);
      this.changed.add(b);
    });
    this.totalWeight = total;
    return graph.size;
  }
}

/**
 * Runs Louvain on all pairs at least MIN_EDGE_WEIGHT strong, then merges pieces of larger structures, one connected
 * component at a time. With `reuse` and `components`, the graph and the communities of the previous run are kept, and
 * only the components whose links changed since then are partitioned again.
 */
export function louvainPartition(
  links: PairLinks,
  resolution = 1,
  reuse?: LouvainGraph,
  components?: ComponentCommunities,
): Partition {
  const input = reuse ?? new LouvainGraph();
  const edges = input.sync(links);
  const community = (components ?? new ComponentCommunities()).partition(input, links, resolution);
  return { community, full: true, edges };
}

/**
 * Keeps `previous` and places accounts linked since then: each joins the community it is most strongly linked to
 * (repeating so that chains of new accounts follow their neighbours); accounts linked only to each other form new
 * communities.
 */
export function extendPartition(previous: Partition, links: PairLinks): Partition {
  const community = new Map(previous.community);
  const adjacency = new Map<number, { other: number; w: number }[]>();
  let edges = 0;
  // Only pairs with an account not placed yet, reached through those accounts' own pairs.
  const unplaced: number[] = [];
  for (let x = 0; x < links.accountBound; x++) if (!community.has(x)) unplaced.push(x);
  const notBothPlaced = (a: number, b: number): boolean => !community.has(a) || !community.has(b);
  links.forEachPairOf(unplaced, notBothPlaced, (a, b, slot) => {
    const w = links.partitionWeight(slot);
    if (w < MIN_EDGE_WEIGHT) return;
    edges++;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      if (community.has(x)) continue;
      let list = adjacency.get(x);
      if (list === undefined) adjacency.set(x, (list = []));
      list.push({ other: y, w });
    }
  });
  let next = 0;
  for (const c of community.values()) if (c >= next) next = c + 1;
  let pending = [...adjacency.keys()];
  for (let pass = 0; pass < 8 && pending.length > 0; pass++) {
    const left: number[] = [];
    for (const x of pending) {
      const votes = new Map<number, number>();
      for (const { other, w } of adjacency.get(x) ?? []) {
        const c = community.get(other);
        if (c !== undefined) votes.set(c, (votes.get(c) ?? 0) + w);
      }
      let best = -1;
      let bestW = 0;
      for (const [c, w] of votes) if (w > bestW || (w === bestW && c < best)) [best, bestW] = [c, w];
      if (best >= 0) community.set(x, best);
      else left.push(x);
    }
    if (left.length === pending.length) {
      const first = left.shift();
      if (first !== undefined) community.set(first, next++);
    }
    pending = left;
  }
  for (const x of pending) community.set(x, next++);
  return { community, full: false, edges: previous.edges + edges };
}
