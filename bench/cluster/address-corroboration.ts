/**
 * Whether the address links that join different operators in the partition (issue 14) can be told from an operator's
 * own by what else the two accounts share. Scans DIR with clusters, then, over the final link graph, for every pair
 * whose partition weight passes Louvain's floor and whose control weight is mostly address evidence (ip, /24,
 * succession): within one ground-truth group against across groups, how many share a prompt template (by the pair's
 * template evidence, or by the two accounts' kept template lists, per crowding of the shared template), whether
 * either account is anchored, and how much their addresses churn. Reads labels, so it stays in bench/.
 *   node --import tsx bench/cluster/address-corroboration.ts DIR
 */
import { LINK_KINDS } from '../../src/detect/cluster/link-kinds.js';
import { MIN_EDGE_WEIGHT } from '../../src/detect/cluster/communities.js';
import { labelledScan } from './labelled-scan.js';

const { state, groupOf } = await labelledScan(process.argv[2], 'address-corroboration.ts DIR');
const ADDRESS = new Set(['ip', 'subnet', 'successor'].map((k) => LINK_KINDS.indexOf(k as (typeof LINK_KINDS)[number])));
const TEMPLATE = LINK_KINDS.indexOf('template');
const SYSTEM = LINK_KINDS.indexOf('system_prompt');
const CROWD_CAPS = [20, 100, 500, Infinity];

/** The fewest accounts on a template both accounts kept (Infinity: none in common, or its key forgotten). */
const sharedTemplateCrowd = (a: number, b: number): number => {
  const ta = state.summaries[a]?.templates;
  const tb = state.summaries[b]?.templates;
  if (ta === undefined || tb === undefined) return Infinity;
  let best = Infinity;
  for (const id of ta.keys()) {
    if (!tb.has(id)) continue;
    const key = state.keys.findIn('t:', id);
    best = Math.min(best, key >= 0 ? state.keys.distinct(key) : 1e9);
  }
  return best;
};

interface Row {
  pairs: number;
  contentEvidence: number;
  sharedByCap: number[];
  churnyPairs: number;
}
const rows = new Map<string, Row>();
state.links.forEach((a, b, slot) => {
  const pw = state.links.partitionWeight(slot);
  if (pw < MIN_EDGE_WEIGHT) return;
  let address = 0;
  let control = 0;
  let content = 0;
  state.links.visitEvidence(slot, (kind, _key, _count, w) => {
    if (kind === TEMPLATE || kind === SYSTEM) content += w;
    else if (kind !== LINK_KINDS.indexOf('asn')) {
      control += w;
      if (ADDRESS.has(kind)) address += w;
    }
  });
  if (address < 0.5 * control) return;
  const ga = groupOf(state.summaries[a]?.id ?? '');
  const gb = groupOf(state.summaries[b]?.id ?? '');
  const bothBenign = ga.startsWith('b:') && gb.startsWith('b:');
  const key = ga === gb ? (bothBenign ? 'within benign segment' : `within ${ga}`) : bothBenign ? 'across benign segments' : 'campaign across groups';
  let r = rows.get(key);
  if (r === undefined) rows.set(key, (r = { pairs: 0, contentEvidence: 0, sharedByCap: CROWD_CAPS.map(() => 0), churnyPairs: 0 }));
  r.pairs++;
  if (content > 0) r.contentEvidence++;
  const crowd = sharedTemplateCrowd(a, b);
  CROWD_CAPS.forEach((cap, i) => {
    if (crowd <= cap && r !== undefined) r.sharedByCap[i] = (r.sharedByCap[i] ?? 0) + 1;
  });
  const draws = Math.max(state.links.churn.draws(a, 'subnet'), state.links.churn.draws(b, 'subnet'));
  if (draws > 3) r.churnyPairs++;
});
process.stdout.write(`Pairs of partition weight >= ${MIN_EDGE_WEIGHT} that are mostly address evidence:\n`);
for (const [k, r] of [...rows].sort()) {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, r.pairs)).toFixed(1)}%`;
  const shared = CROWD_CAPS.map((cap, i) => `<=${cap}: ${pct(r.sharedByCap[i] ?? 0)}`).join(', ');
  process.stdout.write(`  ${k}: ${r.pairs} pairs; content evidence ${pct(r.contentEvidence)}; a kept template in common (its accounts ${shared}); churning (> 3 /24s) ${pct(r.churnyPairs)}\n`);
}
state.links.thaw();
