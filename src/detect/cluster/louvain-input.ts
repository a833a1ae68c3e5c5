/**
 * One component's weighted edges in typed arrays, shown to graphology's Louvain as the graph it reads: a refresh
 * partitions components of up to a million edges, and building a graphology graph for each (an object, an attribute
 * object and a key string per edge) made most of the scan's garbage. Louvain only reads the graph's size, its nodes
 * in order, each node's degree and its edges in order, then works on typed arrays of its own, so this view gives the
 * same communities as a graphology graph built with the same nodes and edges in the same order (louvain-input.test.ts
 * checks it). Nodes are the numbers 0..n-1; the library versions are pinned in package.json.
 */
import louvainModule from 'graphology-communities-louvain';
import { grow } from './typed-arrays.js';

// The package is CommonJS (`module.exports = fn`) while its types declare a default export: under NodeNext the
// default import is the function itself at run time, so it is re-typed here.
const louvainOf = louvainModule as unknown as (graph: LouvainInput, options: LouvainOptions) => Record<number, number>;

export interface LouvainOptions {
  getEdgeWeight: 'weight';
  resolution: number;
  rng: () => number;
}

function readOnly(): never {
  throw new Error('LouvainInput is read-only');
}

export class LouvainInput {
  /** what graphology's graph check and type inference read */
  readonly type = 'undirected';
  readonly multi = false;
  readonly selfLoopCount = 0;
  readonly addUndirectedEdgeWithKey = readOnly;
  readonly dropNode = readOnly;
  private source: Int32Array;
  private target: Int32Array;
  private weights: Float64Array;
  private readonly degrees: Int32Array;
  private edges = 0;

  /** `order` nodes; room for `expectedEdges` edges before growing. */
  constructor(
    readonly order: number,
    expectedEdges = 16,
  ) {
    const room = Math.max(16, expectedEdges);
    this.source = new Int32Array(room);
    this.target = new Int32Array(room);
    this.weights = new Float64Array(room);
    this.degrees = new Int32Array(order);
  }

  get size(): number {
    return this.edges;
  }

  /** Adds the edge between nodes `a` and `b` (distinct, each pair once), in the order Louvain will read them. */
  addEdge(a: number, b: number, weight: number): void {
    this.source = grow(this.source, this.edges + 1);
    this.target = grow(this.target, this.edges + 1);
    this.weights = grow(this.weights, this.edges + 1);
    const e = this.edges++;
    this.source[e] = a;
    this.target[e] = b;
    this.weights[e] = weight;
    this.degrees[a] = (this.degrees[a] ?? 0) + 1;
    this.degrees[b] = (this.degrees[b] ?? 0) + 1;
  }

  forEachNode(fn: (node: number) => void): void {
    for (let i = 0; i < this.order; i++) fn(i);
  }

  undirectedDegreeWithoutSelfLoops(node: number): number {
    return this.degrees[node] ?? 0;
  }

  /** Edges in the order added; the attributes object is reused (Louvain reads the weight at once). */
  forEachEdge(fn: (edge: number, attributes: { weight: number }, source: number, target: number) => void): void {
    const attributes = { weight: 0 };
    for (let e = 0; e < this.edges; e++) {
      attributes.weight = this.weights[e] ?? 0;
      fn(e, attributes, this.source[e] ?? 0, this.target[e] ?? 0);
    }
  }

  /** Louvain's community of each node (index = node). */
  communities(options: LouvainOptions): Int32Array {
    const mapping = louvainOf(this, options);
    const out = new Int32Array(this.order);
    for (let i = 0; i < this.order; i++) out[i] = mapping[i] ?? -1;
    return out;
  }
}
