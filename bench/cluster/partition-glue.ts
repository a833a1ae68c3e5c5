/**
 * What Louvain actually sees between groups (issue 14): per campaign, how many of its accounts are anchored for the
 * churn discount (address-churn.ts), and the partition weight (pairs at Louvain's floor or above) its accounts have
 * inside the campaign against towards each other group, with the link kinds behind the cross weight. Reads labels, so
 * it stays in bench/.
 *   node --import tsx bench/cluster/partition-glue.ts DIR
 */
import { LINK_KINDS } from '../../src/detect/cluster/link-kinds.js';
import { CONTENT_KINDS } from '../../src/detect/cluster/pair-links.js';
import { MIN_EDGE_WEIGHT } from '../../src/detect/cluster/communities.js';
import { labelledScan } from './labelled-scan.js';

const { state, groupOf } = await labelledScan(process.argv[2], 'partition-glue.ts DIR');
const anchored = (state.links as unknown as { anchored: Uint8Array }).anchored;
const perCampaign = new Map<string, { accounts: number; anchored: number; inside: number; towards: Map<string, number>; kinds: Map<string, number> }>();
const entry = (g: string) => {
  let e = perCampaign.get(g);
  if (e === undefined) perCampaign.set(g, (e = { accounts: 0, anchored: 0, inside: 0, towards: new Map(), kinds: new Map() }));
  return e;
};
for (const s of state.summaries) {
  const g = groupOf(s.id);
  if (g.startsWith('b:')) continue;
  const e = entry(g);
  e.accounts++;
  if (anchored[s.idx] === 1) e.anchored++;
}
state.links.forEach((a, b, slot) => {
  const w = state.links.partitionWeight(slot);
  if (w < MIN_EDGE_WEIGHT) return;
  const ga = groupOf(state.summaries[a]?.id ?? '');
  const gb = groupOf(state.summaries[b]?.id ?? '');
  for (const [x, y] of [
    [ga, gb],
    [gb, ga],
  ] as const) {
    if (x.startsWith('b:')) continue;
    const e = entry(x);
    if (x === y) {
      e.inside += w / 2;
      continue;
    }
    e.towards.set(y, (e.towards.get(y) ?? 0) + w);
    state.links.visitEvidence(slot, (kind, _k, _c, ew) => {
      if (CONTENT_KINDS.has(kind) || ew <= 0) return;
      const name = `${LINK_KINDS[kind] ?? kind}${anchored[a] === 1 || anchored[b] === 1 ? '(anch)' : ''}`;
      e.kinds.set(name, (e.kinds.get(name) ?? 0) + ew);
    });
  }
});
for (const [g, e] of [...perCampaign].sort()) {
  const towards = [...e.towards].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, w]) => `${k} ${w.toFixed(1)}`);
  const kinds = [...e.kinds].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, w]) => `${k} ${w.toFixed(1)}`);
  process.stdout.write(`${g}: ${e.accounts} accounts, ${e.anchored} anchored; partition weight inside ${e.inside.toFixed(1)}, towards ${towards.join(', ')}; raw evidence of those cross pairs: ${kinds.join(', ')}\n`);
}
state.links.thaw();
