/**
 * Which link kinds join accounts of different campaigns (or a campaign and benign accounts) inside one reported
 * cluster (issue 14, separation at scale). Scans a simulator output with clusters, then, over the final link graph:
 * per non-benign cluster holding 2+ ground-truth groups, its composition and the control weight per link kind of the
 * pairs that cross groups inside it, against the pairs inside one group; and how mixed the Louvain partition already
 * was before the address merge and the low-and-slow / content placement. Reads labels, so it stays in bench/.
 *   node --import tsx bench/cluster/glue-kinds.ts DIR [--out REPORT.json]
 */
import { writeFile } from 'node:fs/promises';
import { LINK_KINDS } from '../../src/detect/cluster/link-kinds.js';
import { CONTENT_KINDS } from '../../src/detect/cluster/pair-links.js';
import { MIN_EDGE_WEIGHT } from '../../src/detect/cluster/communities.js';
import { labelledScan } from './labelled-scan.js';

const outAt = process.argv.indexOf('--out');
const { report, state, groupOf } = await labelledScan(process.argv[2], 'glue-kinds.ts DIR [--out REPORT.json]');
if (outAt > 0) await writeFile(process.argv[outAt + 1] ?? 'report.json', JSON.stringify(report));
const indexOf = new Map(state.summaries.map((s) => [s.id, s.idx]));

interface Glue {
  pairs: number;
  strongPairs: number;
  byKind: Map<string, number>;
}
const newGlue = (): Glue => ({ pairs: 0, strongPairs: 0, byKind: new Map() });
const addPair = (g: Glue, slot: number): void => {
  g.pairs++;
  if (state.links.weight(slot, true) >= MIN_EDGE_WEIGHT) g.strongPairs++;
  state.links.visitEvidence(slot, (kind, _key, _count, w) => {
    if (w <= 0) return;
    const name = CONTENT_KINDS.has(kind) ? `(${LINK_KINDS[kind] ?? kind})` : (LINK_KINDS[kind] ?? String(kind));
    g.byKind.set(name, (g.byKind.get(name) ?? 0) + w);
  });
};
const showGlue = (label: string, g: Glue): string => {
  const kinds = [...g.byKind].sort((x, y) => y[1] - x[1]).map(([k, w]) => `${k} ${w.toFixed(1)}`);
  return `    ${label}: ${g.pairs} pairs (${g.strongPairs} of control weight >= ${MIN_EDGE_WEIGHT}); weight by kind (content kinds in brackets): ${kinds.join(', ')}`;
};
const composition = (members: readonly string[]): string => {
  const n = new Map<string, number>();
  for (const a of members) n.set(groupOf(a), (n.get(groupOf(a)) ?? 0) + 1);
  return [...n].sort((x, y) => y[1] - x[1]).map(([g, c]) => `${g} ${c}`).join(', ');
};

process.stdout.write('Reported clusters (not benign) holding 2+ campaigns, or a campaign and 3+ benign accounts:\n');
for (const c of report.clusters) {
  if (c.verdict === 'benign') continue;
  const groups = new Set(c.accounts.map(groupOf));
  const campaigns = [...groups].filter((g) => !g.startsWith('b:')).length;
  const benign = c.accounts.filter((a) => groupOf(a).startsWith('b:')).length;
  if (campaigns < 2 && (campaigns === 0 || benign < 3)) continue;
  const members = new Set(c.accounts.map((a) => indexOf.get(a) ?? -1));
  const cross = newGlue();
  const within = newGlue();
  const crossPairsByGroups = new Map<string, Glue>();
  state.links.forEachPairOf(members, (a, b) => members.has(a) && members.has(b), (a, b, slot) => {
    const ga = groupOf(state.summaries[a]?.id ?? '');
    const gb = groupOf(state.summaries[b]?.id ?? '');
    if (ga === gb) return addPair(within, slot);
    addPair(cross, slot);
    const key = ga < gb ? `${ga} ~ ${gb}` : `${gb} ~ ${ga}`;
    let g = crossPairsByGroups.get(key);
    if (g === undefined) crossPairsByGroups.set(key, (g = newGlue()));
    addPair(g, slot);
  });
  process.stdout.write(`  ${c.id} (${c.verdict}, ${c.accounts.length} accounts): ${composition(c.accounts)}\n`);
  process.stdout.write(`${showGlue('within one group', within)}\n${showGlue('across groups', cross)}\n`);
  const top = [...crossPairsByGroups].sort((x, y) => y[1].strongPairs - x[1].strongPairs).slice(0, 8);
  for (const [k, g] of top) process.stdout.write(`${showGlue(`  ${k}`, g)}\n`);
}

// What holds each campaign together, and what ties it to other groups: every pair, wherever it was placed.
const campaignGlue = new Map<string, Glue>();
const crossGlue = new Map<string, Glue>();
state.links.forEach((a, b, slot) => {
  const ga = groupOf(state.summaries[a]?.id ?? '');
  const gb = groupOf(state.summaries[b]?.id ?? '');
  if (ga.startsWith('b:') && gb.startsWith('b:')) return;
  const [table, key] = ga === gb ? [campaignGlue, ga] : [crossGlue, ga < gb ? `${ga} ~ ${gb}` : `${gb} ~ ${ga}`];
  let g = table.get(key);
  if (g === undefined) table.set(key, (g = newGlue()));
  addPair(g, slot);
});
process.stdout.write('\nPairs inside each campaign (any cluster):\n');
for (const [c, g] of [...campaignGlue].sort()) process.stdout.write(`${showGlue(c, g)}\n`);
process.stdout.write('\nPairs between a campaign and another group (any cluster), most strong pairs first:\n');
for (const [c, g] of [...crossGlue].sort((x, y) => y[1].strongPairs - x[1].strongPairs).slice(0, 16))
  process.stdout.write(`${showGlue(c, g)}\n`);

// How mixed the partition was before the refresh's merges and placements.
const partition = state.partition?.community ?? new Map<number, number>();
const byCommunity = new Map<number, string[]>();
for (const [a, c] of partition) {
  let list = byCommunity.get(c);
  if (list === undefined) byCommunity.set(c, (list = []));
  list.push(state.summaries[a]?.id ?? '');
}
process.stdout.write('\nLast partition (Louvain and piece merging, before address merge and group placement), communities of 2+ campaigns:\n');
for (const [c, members] of byCommunity) {
  const campaigns = new Set(members.map(groupOf).filter((g) => !g.startsWith('b:')));
  if (campaigns.size >= 2) process.stdout.write(`  community ${c} (${members.length}): ${composition(members)}\n`);
}
state.links.thaw();
