/**
 * A cluster's accounts and what links them, drawn with sigma.js (WebGL): nodes coloured by verdict and sized by
 * traffic, links coloured by their strongest kind. It draws at once from the starting layout of display-graph.ts;
 * the force layout then settles it in a worker for a few seconds, or until the analyst drags or zooms. Labels show
 * on hover and once zoomed in. Click a node to open the account.
 */
import { useEffect, useRef, useState } from 'react';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { num } from '../format';
import { buildDisplayGraph, linkColor, LINKS_PER_ACCOUNT, type GraphLink, type GraphMember } from '../graph/display-graph';
import { layoutIterations } from '../graph/force-layout';
import type { LayoutProgress } from '../graph/layout-worker';
import { hrefOf } from '../route';

/** Graphs with more links than this hide them while the camera moves (software WebGL redraws them slowly). */
const HIDE_LINKS_ON_MOVE_ABOVE = 2_000;

function startLayout(graph: ReturnType<typeof buildDisplayGraph>['graph'], container: HTMLElement): () => void {
  const nodes = graph.nodes();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const positions = new Float32Array(nodes.length * 2);
  nodes.forEach((n, i) => {
    positions[2 * i] = graph.getNodeAttribute(n, 'x') as number;
    positions[2 * i + 1] = graph.getNodeAttribute(n, 'y') as number;
  });
  const edges = new Uint32Array(graph.size * 2);
  const weights = new Float32Array(graph.size);
  let e = 0;
  graph.forEachEdge((_edge, attrs, source, target) => {
    edges[2 * e] = index.get(source)!;
    edges[2 * e + 1] = index.get(target)!;
    weights[e++] = attrs.weight as number;
  });
  const worker = new Worker(new URL('../graph/layout-worker.ts', import.meta.url), { type: 'module' });
  let pending: Float32Array | null = null;
  let frame = 0;
  const apply = () => {
    frame = 0;
    const p = pending;
    pending = null;
    if (p) graph.updateEachNodeAttributes((node, attrs) => ({ ...attrs, x: p[2 * index.get(node)!]!, y: p[2 * index.get(node)!+ 1]! }));
  };
  const stop = (state: 'done' | 'stopped') => {
    worker.terminate();
    container.dataset.layout = state;
    container.removeEventListener('pointerdown', onTouch);
    container.removeEventListener('wheel', onTouch);
  };
  // The analyst takes over: the picture stops moving under the pointer.
  const onTouch = () => stop('stopped');
  worker.onmessage = (m: MessageEvent<LayoutProgress>) => {
    // One update per frame, the latest: the worker may post faster than the page draws.
    pending = m.data.positions;
    if (!frame) frame = requestAnimationFrame(apply);
    if (m.data.done) stop('done');
  };
  worker.onerror = () => stop('stopped');
  container.dataset.layout = 'running';
  container.addEventListener('pointerdown', onTouch);
  container.addEventListener('wheel', onTouch, { passive: true });
  worker.postMessage({ positions, edges, weights, iterations: layoutIterations(nodes.length), batch: 10 }, [positions.buffer, edges.buffer, weights.buffer]);
  return () => {
    cancelAnimationFrame(frame);
    stop('stopped');
  };
}

export function AccountGraph({ members, links }: { members: GraphMember[]; links: GraphLink[] }) {
  const container = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<number | null>(null);
  // A live update that leaves the graph as it was must not draw and lay it out again.
  const shape = `${members.map((m) => `${m.id}:${m.verdict}`).join(',')}|${links.length}`;
  useEffect(() => {
    const box = container.current;
    if (!box) return;
    performance.mark('graph:start');
    const { graph, shownLinks } = buildDisplayGraph(members, links);
    performance.mark('graph:built');
    // Labels in a grey that reads on the dark and the light theme alike.
    const styles = { nodes: { ...DEFAULT_STYLES.nodes, labelColor: '#8b96a1' } };
    const big = shownLinks > HIDE_LINKS_ON_MOVE_ABOVE;
    const renderer = new Sigma(graph, box, {
      styles,
      settings: { renderEdgeLabels: false, labelRenderedSizeThreshold: 8, hideEdgesOnMove: big, hideLabelsOnMove: big },
    });
    performance.mark('graph:drawn');
    performance.measure('graph:build', 'graph:start', 'graph:built');
    performance.measure('graph:draw', 'graph:built', 'graph:drawn');
    renderer.on('clickNode', ({ node }) => (location.hash = hrefOf.account(node)));
    box.dataset.rendered = String(members.length);
    setShown(shownLinks);
    const stopLayout = graph.order > 1 ? startLayout(graph, box) : () => {};
    return () => {
      stopLayout();
      renderer.kill();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  return (
    <>
      <div className="graph" ref={container} data-testid="account-graph" />
      {shown !== null && shown < links.length && (
        <p className="muted">
          Drawn: the {LINKS_PER_ACCOUNT} strongest links of each account ({num(shown)} of {num(links.length)}).
        </p>
      )}
    </>
  );
}

export function LinkLegend({ kinds }: { kinds: string[] }) {
  return (
    <p className="legend">
      {kinds.map((k) => (
        // Set through the DOM (CSSOM), which the page's CSP allows, unlike style attributes in markup.
        <span key={k} className="swatch" style={{ color: linkColor(k) }}>
          {k}
        </span>
      ))}
    </p>
  );
}
