/**
 * Finds the groups of accounts run by one operator: Louvain community detection (graphology) over the weighted link
 * graph, then a merge of communities that are pieces of one larger structure (modularity splits any large uniform
 * network, such as a hydra whose accounts share resources at random, into many parts; parts whose strong
 * common-control links mostly lead outside are joined to their neighbours). Louvain runs on each connected component
 * of the graph apart (component-communities.ts), and only on the components whose links changed since the last run.
 * Between full runs, accounts that appeared since the last run join the community of their strongest neighbour, so a
 * refresh every 30 minutes of log time stays cheap while the graph changes little.
 */
import type { PairLinks } from './pair-links.js';
import { ComponentCommunities, type LinkGraph } from './component-communities.js';
import { grow } from './typed-arrays.js';

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
 * The Louvain input graph, kept between refreshes: the pairs at least MIN_EDGE_WEIGHT strong as of the last `sync`,
 * with the weight each had then. Stored as one weight per pair slot beside the pair links (an account's edges are its
 * pairs that have a weight here), so the graph costs 16 bytes a pair rather than a graph library's objects per edge
 * and node. Each refresh only adds the pairs that became strong enough, updates the weights that changed and drops
 * the pairs that fell below MIN_EDGE_WEIGHT.
 */
export class LouvainGraph implements LinkGraph {
  /** per pair slot: the weight it has in the graph (0 = not in it) */
  private inGraph = new Float64Array(1024);
  /** per pair slot: its accounts, kept for the edges an eviction drops (the links no longer know them) */
  private ends = new Int32Array(2048);
  /** per account: its edges in the graph (an account with none is not in the graph) */
  private degrees = new Int32Array(1024);
  private links: PairLinks | null = null;
  private nodes = 0;
  private edges = 0;
  /** accounts whose edges were added, reweighted or dropped since the last `takeChanged` */
  private changed = new Set<number>();
  /** sum of the edge weights as of the last `sync` */
  totalWeight = 0;

  /** Accounts with at least one edge. */
  get order(): number {
    return this.nodes;
  }

  /** Edges in the graph. */
  get size(): number {
    return this.edges;
  }

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
    const ends = new Int32Array(this.ends.length);
    for (let old = 0; old < remap.length; old++) {
      const to = remap[old] ?? -1;
      const w = this.inGraph[old] ?? 0;
      const a = this.ends[2 * old] ?? 0;
      const b = this.ends[2 * old + 1] ?? 0;
      if (to >= 0) {
        inGraph[to] = w;
        ends[2 * to] = a;
        ends[2 * to + 1] = b;
      } else if (w > 0) this.drop(a, b);
    }
    this.inGraph = inGraph;
    this.ends = ends;
  }

  /** Brings the graph up to date with `links`; returns the number of edges. */
  sync(links: PairLinks): number {
    this.links = links;
    this.inGraph = grow(this.inGraph, links.size);
    this.ends = grow(this.ends, 2 * links.size);
    this.degrees = grow(this.degrees, links.accountBound);
    let total = 0;
    links.forEach((a, b, slot) => {
      const w = links.partitionWeight(slot);
      const prev = this.inGraph[slot] ?? 0;
      const strong = w >= MIN_EDGE_WEIGHT;
      if (strong) total += w;
      if (strong && prev > 0) {
        if (w === prev) return;
      } else if (strong) {
        this.ends[2 * slot] = a;
        this.ends[2 * slot + 1] = b;
        for (const x of [a, b]) if ((this.degrees[x] = (this.degrees[x] ?? 0) + 1) === 1) this.nodes++;
        this.edges++;
      } else if (prev > 0) {
        this.drop(a, b);
      } else return;
      this.inGraph[slot] = strong ? w : 0;
      this.changed.add(a);
      this.changed.add(b);
    });
    this.totalWeight = total;
    return this.edges;
  }

  private drop(a: number, b: number): void {
    for (const x of [a, b]) {
      if ((this.degrees[x] = (this.degrees[x] ?? 0) - 1) === 0) this.nodes--;
      this.changed.add(x);
    }
    this.edges--;
  }

  forEachNode(fn: (account: number) => void): void {
    for (let x = 0; x < this.degrees.length; x++) if ((this.degrees[x] ?? 0) > 0) fn(x);
  }

  forEachEdgeOf(account: number, fn: (other: number, weight: number) => void): void {
    if ((this.degrees[account] ?? 0) === 0) return;
    this.links?.forEachLinkOf(account, (other, slot) => {
      const w = this.inGraph[slot] ?? 0;
      if (w > 0) fn(other, w);
    });
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
