/**
 * A cluster's accounts and what links them, drawn with sigma.js (WebGL, interactive at thousands of nodes): nodes
 * coloured by verdict and sized by traffic, edges coloured by their strongest kind of link. Click a node to open
 * the account.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useEffect, useRef } from 'react';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { hrefOf } from '../route';
import type { AccountReport, Link } from '../types';

const LINK_COLORS: Record<string, string> = {
  payment: '#e5484d',
  ip: '#f76b15',
  subnet: '#ffb224',
  asn: '#8d8d8d',
  client_fp: '#8e4ec6',
  user_agent: '#6e56cf',
  template: '#12a594',
  system_prompt: '#0090ff',
  sync: '#e54666',
  registration: '#46a758',
  successor: '#d6409f',
};
const VERDICT_COLORS = { benign: '#4c9a6a', suspicious: '#d5a021', distillation: '#d9534f' };

export function buildGraph(members: AccountReport[], links: Link[]): Graph {
  const graph = new Graph({ type: 'undirected' });
  const maxEx = Math.max(1, ...members.map((m) => m.exchanges));
  const golden = Math.PI * (3 - Math.sqrt(5));
  members.forEach((m, i) => {
    // A sunflower spiral as the starting layout: even spacing, no overlaps, deterministic.
    const r = Math.sqrt(i + 0.5);
    graph.addNode(m.id, { label: m.id, x: r * Math.cos(i * golden), y: r * Math.sin(i * golden), size: 1.5 + 3 * Math.sqrt(m.exchanges / maxEx), color: VERDICT_COLORS[m.verdict] });
  });
  for (const l of links) {
    if (!graph.hasNode(l.a) || !graph.hasNode(l.b) || graph.hasEdge(l.a, l.b)) continue;
    graph.addEdge(l.a, l.b, { color: LINK_COLORS[l.kinds[0] ?? ''] ?? '#888', size: Math.min(4, 0.5 + l.weight / 2), kinds: l.kinds.join(', ') });
  }
  // Force-directed settling, fewer rounds for big graphs so the page stays quick to open.
  const iterations = graph.order > 1000 ? 15 : graph.order > 200 ? 60 : 150;
  if (graph.order > 1) forceAtlas2.assign(graph, { iterations, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300 } });
  return graph;
}

export function AccountGraph({ members, links }: { members: AccountReport[]; links: Link[] }) {
  const container = useRef<HTMLDivElement>(null);
  // A live update that leaves the graph as it was must not lay it out again (seconds at 2,000 nodes).
  const shape = `${members.map((m) => `${m.id}:${m.verdict}`).join(',')}|${links.length}`;
  useEffect(() => {
    if (!container.current) return;
    // Labels in a grey that reads on the dark and the light theme alike.
    const styles = { nodes: { ...DEFAULT_STYLES.nodes, labelColor: '#8b96a1' } };
    const renderer = new Sigma(buildGraph(members, links), container.current, { styles, settings: { renderEdgeLabels: false, labelRenderedSizeThreshold: 8, hideEdgesOnMove: links.length > 5000 } });
    renderer.on('clickNode', ({ node }) => (location.hash = hrefOf.account(node)));
    container.current.dataset.rendered = String(members.length);
    return () => renderer.kill();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  return <div className="graph" ref={container} data-testid="account-graph" />;
}

export function LinkLegend({ kinds }: { kinds: string[] }) {
  return (
    <p className="legend">
      {kinds.map((k) => (
        // Set through the DOM (CSSOM), which the page's CSP allows, unlike style attributes in markup.
        <span key={k} className="swatch" style={{ color: LINK_COLORS[k] ?? '#888' }}>
          {k}
        </span>
      ))}
    </p>
  );
}
