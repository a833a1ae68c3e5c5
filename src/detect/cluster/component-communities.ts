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
import { FirstMet } from './first-met.js';
import { grow } from './typed-arrays.js';

/** Every component is partitioned again when the graph's total weight moves beyond this factor of the one it used. */
export const SCALE_STEP = 1.25;
/** The seed of each component's Louvain run. */
const SEED = 0x5eed;

/** The Louvain input as kept between runs (communities.ts, LouvainGraph). */
export interface LinkGraph {
  /** Calls `fn` for every account with an edge, in ascending order. */
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
  /** scratch: one account's edges to accounts after it */
  private readonly farEdges = new FarEdges();
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
    // Every account with an edge is in a component now, and no other (dropping an edge marks both ends changed): the
    // graph's own pass gives them in ascending order, with no sort of the whole population at every run.
    const community = new Map<number, number>();
    input.forEachNode((a) => {
      const c = this.components.get(this.componentOf.get(a) ?? -1);
      if (c !== undefined) community.set(a, c.communities[lowerBound(c.accounts, a)] ?? a);
    });
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
    for (let i = 0; i < accounts.length; i++) {
      const a = accounts[i] ?? 0;
      const n = this.farEdges.collect(graph, a);
      for (let k = 0; k < n; k++) {
        const w = this.farEdges.weight[k] ?? 0;
        sub.addEdge(i, lowerBound(accounts, this.farEdges.far[k] ?? 0), w);
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

const reached = new FirstMet();

/**
 * The accounts of the connected component of `start`, ascending. The largest component changes at nearly every
 * refresh: it is walked with reused marks and sorted as a typed array (numbers, no comparator), not through a set
 * and a sort of the set's copy.
 */
function componentAccounts(graph: LinkGraph, start: number): number[] {
  reached.clear();
  reached.add(start);
  const found = reached.list;
  for (let i = 0; i < found.length; i++) graph.forEachEdgeOf(found[i]!, (next) => reached.add(next));
  return Array.from(Int32Array.from(found).sort());
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

/**
 * One account's edges to accounts numbered after it, in ascending order of their far end, in typed arrays reused from
 * account to account: sorting a fresh array of small objects per account was a large part of what a refresh left to
 * the collector.
 */
export class FarEdges {
  far = new Int32Array(64);
  weight = new Float64Array(64);
  private order = new Float64Array(64);
  private spare = new Float64Array(64);

  /** Collects the edges of `a` to accounts after it; returns how many (in `far` and `weight`, ascending by far end). */
  collect(graph: LinkGraph, a: number): number {
    let n = 0;
    graph.forEachEdgeOf(a, (b, w) => {
      if (b <= a) return;
      if (n === this.far.length) this.grow();
      this.far[n] = b;
      this.weight[n++] = w;
    });
    if (n <= 16) {
      for (let i = 1; i < n; i++) {
        const b = this.far[i]!;
        const w = this.weight[i]!;
        let j = i - 1;
        for (; j >= 0 && this.far[j]! > b; j--) {
          this.far[j + 1] = this.far[j]!;
          this.weight[j + 1] = this.weight[j]!;
        }
        this.far[j + 1] = b;
        this.weight[j + 1] = w;
      }
      return n;
    }
    // Far end and position packed in one number (both below 2^26), sorted in place as numbers.
    for (let i = 0; i < n; i++) this.order[i] = this.far[i]! * 2 ** 26 + i;
    this.order.subarray(0, n).sort();
    for (let i = 0; i < n; i++) this.spare[i] = this.weight[i]!;
    for (let i = 0; i < n; i++) {
      const from = this.order[i]! % 2 ** 26;
      this.far[i] = (this.order[i]! - from) / 2 ** 26;
      this.weight[i] = this.spare[from]!;
    }
    return n;
  }

  private grow(): void {
    const n = 2 * this.far.length;
    this.far = grow(this.far, n);
    this.weight = grow(this.weight, n);
    this.order = grow(this.order, n);
    this.spare = grow(this.spare, n);
  }
}
