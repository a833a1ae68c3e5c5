/**
 * The communities of the link graph, found one connected component at a time and kept per component: a full run
 * partitions again only the components whose links changed since the last one (an operator's fleet that went quiet,
 * a household that sent nothing new keep their communities), so its cost follows what changed rather than the size of
 * the graph.
 *
 * A component's communities depend on that component alone, never on the rest of the graph or on the history of
 * runs, so keeping them gives what partitioning it again would give: its accounts are taken in ascending order, its
 * edges in ascending order of their far end, Louvain draws from its own generator seeded the same way for every
 * component, and communities are named by their smallest account. Modularity's penalty for large communities is the
 * one the whole graph sets: each component runs at the resolution `resolution x (its weight / the graph's weight)`,
 * with the graph's weight taken as of the last time it moved by more than SCALE_STEP (then every component runs
 * again), so that small components are not split for being small.
 */
import type { PairLinks } from './pair-links.js';
import { LouvainInput } from './louvain-input.js';
import { mergePieces } from './merge-pieces.js';
import { seededRandom } from '../../signals/hash.js';

/** Every component is partitioned again when the graph's total weight moves beyond this factor of the one it used. */
export const SCALE_STEP = 1.25;
/** The seed of each component's Louvain run. */
const SEED = 0x5eed;

/** The Louvain input as kept between runs (communities.ts, LouvainGraph). */
export interface LinkGraph {
  /** Calls `fn` for every account with an edge. */
  forEachNode(fn: (account: number) => void): void;
  /** Calls `fn` for every edge of `account`, with the account at its other end and its weight. */
  forEachEdgeOf(account: number, fn: (other: number, weight: number) => void): void;
  /** sum of the edge weights */
  readonly totalWeight: number;
  /** accounts whose edges were added, reweighted or dropped since the previous call */
  takeChanged(): ReadonlySet<number>;
}

interface Component {
  /** its accounts, ascending */
  accounts: number[];
  /** per account (same order): its community, named by the community's smallest account */
  communities: number[];
}

export class ComponentCommunities {
  /** per component, by its smallest account */
  private readonly components = new Map<number, Component>();
  /** account -> the smallest account of its component */
  private readonly componentOf = new Map<number, number>();
  /** the graph's total weight that sets each component's resolution (0: none yet) */
  private scale = 0;
  /** components partitioned and kept, over all runs (for benchmarks and tests) */
  readonly runs = { partitioned: 0, kept: 0 };

  /** `recomputeAll`: partition every component at every run (to check that keeping them gives the same result). */
  constructor(private readonly options: { recomputeAll?: boolean } = {}) {}

  /** The communities of every account in `input` (account -> community), in ascending order of accounts. */
  partition(input: LinkGraph, links: PairLinks, resolution: number): Map<number, number> {
    const changed = input.takeChanged();
    const total = input.totalWeight;
    const rescaled = this.scale === 0 || total > this.scale * SCALE_STEP || total < this.scale / SCALE_STEP;
    if (rescaled) this.scale = total;
    if (rescaled || this.options.recomputeAll === true) {
      this.components.clear();
      this.componentOf.clear();
    } else {
      for (const a of changed) this.forget(a);
    }
    this.runs.kept += this.components.size;
    input.forEachNode((a) => {
      if (this.componentOf.has(a)) return;
      const accounts = componentAccounts(input, a);
      const component = { accounts, communities: this.communitiesOf(input, accounts, links, resolution) };
      const first = accounts[0] ?? a;
      this.components.set(first, component);
      for (const x of accounts) this.componentOf.set(x, first);
      this.runs.partitioned++;
    });
    const order: number[] = [...this.componentOf.keys()].sort((x, y) => x - y);
    const community = new Map<number, number>();
    for (const a of order) {
      const c = this.components.get(this.componentOf.get(a) ?? -1);
      if (c === undefined) continue;
      community.set(a, c.communities[lowerBound(c.accounts, a)] ?? a);
    }
    return community;
  }

  /** Drops the component of account `a` (its links changed): its accounts still linked are partitioned again. */
  private forget(a: number): void {
    const first = this.componentOf.get(a);
    if (first === undefined) return;
    const c = this.components.get(first);
    this.components.delete(first);
    for (const x of c?.accounts ?? []) this.componentOf.delete(x);
  }

  /** Louvain on one component alone, then the merge of pieces; communities named by their smallest account. */
  private communitiesOf(graph: LinkGraph, accounts: number[], links: PairLinks, resolution: number): number[] {
    // Nodes in ascending order of accounts, each account's edges in ascending order of their far end, listed from
    // their near end: the order the component's communities are defined by.
    const sub = new LouvainInput(accounts.length, accounts.length);
    let weight = 0;
    const far: { b: number; w: number }[] = [];
    for (let i = 0; i < accounts.length; i++) {
      const a = accounts[i] ?? 0;
      far.length = 0;
      graph.forEachEdgeOf(a, (b, w) => {
        if (b > a) far.push({ b, w });
      });
      far.sort((x, y) => x.b - y.b);
      for (const { b, w } of far) {
        sub.addEdge(i, lowerBound(accounts, b), w);
        weight += w;
      }
    }
    const local = new Map<number, number>();
    if (sub.size === 0) {
      for (const a of accounts) local.set(a, 0);
    } else {
      const mapping = sub.communities({
        getEdgeWeight: 'weight',
        resolution: (resolution * weight) / this.scale,
        rng: seededRandom(SEED),
      });
      for (let i = 0; i < accounts.length; i++) local.set(accounts[i] ?? 0, mapping[i] ?? -1);
    }
    mergePieces(local, links);
    const smallest = new Map<number, number>();
    for (const a of accounts) {
      const c = local.get(a) ?? -1;
      if (!smallest.has(c)) smallest.set(c, a);
    }
    return accounts.map((a) => smallest.get(local.get(a) ?? -1) ?? a);
  }
}

/** The accounts of the connected component of `start`, ascending. */
function componentAccounts(graph: LinkGraph, start: number): number[] {
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() ?? 0;
    graph.forEachEdgeOf(node, (next) => {
      if (seen.has(next)) return;
      seen.add(next);
      stack.push(next);
    });
  }
  return [...seen].sort((x, y) => x - y);
}

/** The index of `x` in the ascending `xs` (or where it would go). */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
