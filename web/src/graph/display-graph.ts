/**
 * The graph a cluster page draws, built so it draws at once: no force-directed layout before the first frame (that
 * runs afterwards in a worker, layout-worker.ts), and at most a few links per account on screen.
 *
 * Starting layout: the accounts are grouped by the kind of their strongest link (payment, ip, template, ...), each
 * group a disc, the discs on a ring, largest first. It already shows who is tied by what, and gives the force layout
 * a start with no overlaps.
 *
 * Displayed links: a link is drawn when it is among the `perAccount` strongest links of either of its accounts. A
 * fleet on one card links every pair (n²/2 links), which no one reads and software WebGL draws slowly; every account
 * keeps its strongest ties, so nothing linked is shown alone.
 */
import { UndirectedGraph } from 'graphology';

export interface GraphMember {
  id: string;
  verdict: 'benign' | 'suspicious' | 'distillation';
  exchanges: number;
}

export interface GraphLink {
  a: string;
  b: string;
  kinds: string[];
  weight: number;
}

export const LINK_COLORS: Record<string, string> = {
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
const OTHER_LINK_COLOR = '#888888';
const VERDICT_COLORS = { benign: '#4c9a6a', suspicious: '#d5a021', distillation: '#d9534f' };
/** Links drawn per account (the strongest); see the module comment. */
export const LINKS_PER_ACCOUNT = 4;
/** The group of accounts with no link among the ones sent. */
const UNLINKED = 'unlinked';

export const linkColor = (kind: string | undefined) => LINK_COLORS[kind ?? ''] ?? OTHER_LINK_COLOR;

/** The links to draw: those among the `perAccount` strongest of either end, each pair once, strongest first. */
export function displayLinks(links: readonly GraphLink[], members: ReadonlySet<string>, perAccount = LINKS_PER_ACCOUNT): GraphLink[] {
  const seen = new Set<string>();
  const unique: GraphLink[] = [];
  for (const l of links) {
    if (l.a === l.b || !members.has(l.a) || !members.has(l.b)) continue;
    const key = l.a < l.b ? `${l.a}\u0000${l.b}` : `${l.b}\u0000${l.a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(l);
  }
  // Strongest first, ties in a fixed order so the same data always draws the same picture.
  unique.sort((x, y) => y.weight - x.weight || (x.a + x.b < y.a + y.b ? -1 : 1));
  const kept = new Map<string, number>();
  return unique.filter((l) => {
    const na = kept.get(l.a) ?? 0;
    const nb = kept.get(l.b) ?? 0;
    if (na >= perAccount && nb >= perAccount) return false;
    kept.set(l.a, na + 1);
    kept.set(l.b, nb + 1);
    return true;
  });
}

/** Each account's group: the first kind of its strongest link (`links` strongest first), or `unlinked`. */
export function groupsByStrongestKind(memberIds: readonly string[], links: readonly GraphLink[]): Map<string, string[]> {
  const kindOf = new Map<string, string>();
  for (const l of links)
    for (const end of [l.a, l.b]) if (!kindOf.has(end)) kindOf.set(end, l.kinds[0] ?? UNLINKED);
  const groups = new Map<string, string[]>();
  for (const id of memberIds) {
    const kind = kindOf.get(id) ?? UNLINKED;
    const group = groups.get(kind);
    if (group) group.push(id);
    else groups.set(kind, [id]);
  }
  return new Map([...groups].sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1)));
}

/** Positions: each group a sunflower disc (even spacing, no overlaps), the discs side by side on a ring. */
export function ringLayout(groups: ReadonlyMap<string, readonly string[]>): Map<string, { x: number; y: number }> {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const radii = [...groups.values()].map((g) => Math.sqrt(g.length) + 1);
  const circumference = radii.reduce((s, r) => s + 2 * r, 0);
  const ring = groups.size > 1 ? circumference / (2 * Math.PI) : 0;
  const out = new Map<string, { x: number; y: number }>();
  let arc = 0;
  [...groups.values()].forEach((ids, g) => {
    const angle = ((arc + radii[g]!) / circumference) * 2 * Math.PI;
    arc += 2 * radii[g]!;
    const cx = ring * Math.cos(angle);
    const cy = ring * Math.sin(angle);
    ids.forEach((id, i) => {
      const r = Math.sqrt(i + 0.5);
      out.set(id, { x: cx + r * Math.cos(i * golden), y: cy + r * Math.sin(i * golden) });
    });
  });
  return out;
}

/** The graph sigma draws: nodes coloured by verdict and sized by traffic, links coloured by their strongest kind. */
export function buildDisplayGraph(members: readonly GraphMember[], links: readonly GraphLink[], perAccount = LINKS_PER_ACCOUNT) {
  const ids = new Set(members.map((m) => m.id));
  const shown = displayLinks(links, ids, perAccount);
  const positions = ringLayout(groupsByStrongestKind([...ids], shown));
  const graph = new UndirectedGraph();
  const maxExchanges = Math.max(1, ...members.map((m) => m.exchanges));
  for (const m of members) {
    if (graph.hasNode(m.id)) continue;
    const { x, y } = positions.get(m.id)!;
    graph.addNode(m.id, { label: m.id, x, y, size: 1.5 + 3 * Math.sqrt(m.exchanges / maxExchanges), color: VERDICT_COLORS[m.verdict] });
  }
  for (const l of shown)
    graph.addEdge(l.a, l.b, { color: linkColor(l.kinds[0]), size: Math.min(4, 0.5 + l.weight / 2), weight: l.weight, kinds: l.kinds.join(', ') });
  return { graph, shownLinks: shown.length };
}
