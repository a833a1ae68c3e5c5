/**
 * The force-directed layout (ForceAtlas2) run in steps, off the page's thread (layout-worker.ts): it refines the
 * starting layout of display-graph.ts while the graph is already on screen. Plain typed arrays in and out, so a
 * step's result crosses to the page without copying.
 */
import { UndirectedGraph } from 'graphology';
import fa2Module, { type ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

// The package is CommonJS (`module.exports = layout`): its default import is the layout function at run time, in the
// web build and under Node (the tests) alike, but TypeScript types it differently in each, so it is typed here.
const forceAtlas2 = fa2Module as unknown as {
  assign(graph: UndirectedGraph, params: { iterations: number; settings: ForceAtlas2Settings; getEdgeWeight: string }): void;
  inferSettings(graph: UndirectedGraph): ForceAtlas2Settings;
};

export interface LayoutJob {
  /** x0, y0, x1, y1, ... in node order. */
  positions: Float32Array;
  /** Node indices, two per link. */
  edges: Uint32Array;
  /** One per link. */
  weights: Float32Array;
  /** Iterations in all, and how many between two results. */
  iterations: number;
  batch: number;
}

/** Iterations for a graph of `order` nodes: fewer for big ones, whose every iteration costs more. */
export const layoutIterations = (order: number) => (order > 1000 ? 200 : order > 200 ? 300 : 500);

/** Yields the positions after each batch of iterations, the last after `job.iterations` in all. */
export function* forceLayoutSteps(job: LayoutJob): Generator<Float32Array> {
  const graph = new UndirectedGraph();
  const order = job.positions.length / 2;
  for (let i = 0; i < order; i++) graph.addNode(i, { x: job.positions[2 * i]!, y: job.positions[2 * i + 1]! });
  for (let e = 0; e < job.weights.length; e++) graph.mergeEdge(job.edges[2 * e]!, job.edges[2 * e + 1]!, { weight: job.weights[e]! });
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: order > 300 };
  for (let done = 0; done < job.iterations; ) {
    const n = Math.min(job.batch, job.iterations - done);
    forceAtlas2.assign(graph, { iterations: n, settings, getEdgeWeight: 'weight' });
    done += n;
    const out = new Float32Array(order * 2);
    graph.forEachNode((node, a) => {
      out[2 * Number(node)] = a.x as number;
      out[2 * Number(node) + 1] = a.y as number;
    });
    yield out;
  }
}
