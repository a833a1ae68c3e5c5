/**
 * `node --import tsx bench/generalization/campaign-reasons.ts DIR [--campaign NAME] [--ablate payment] [--members]`:
 * why the accounts of each campaign of a labelled output (the simulator's or the independent source's) were or were
 * not flagged. Scans DIR with the given evidence removed, as the generalization run does, then prints per campaign
 * how many accounts were flagged, at which of their exchanges, the reasons that led, the clusters they were put in,
 * and for the accounts left unflagged, whether they had no cluster, a benign one, or a flagged one that did not
 * cover them (`--members`: one line per account). Shaping a rule on a judging world or on the independent source
 * makes it calibration data: use calibration worlds (1-5, 101-103) to look, the others to check.
 */
import { parseArgs } from 'node:util';
import { scanLabelled } from './labelled-scan.js';
import type { AccountReport, ClusterReport } from '../../src/detect/report.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { campaign: { type: 'string' }, ablate: { type: 'string', default: 'payment' }, members: { type: 'boolean', default: false } },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: campaign-reasons.ts DIR [--campaign NAME] [--ablate KIND[,KIND]|none] [--members]');

const count = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
const tally = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || '-';

/** Why an unflagged member stayed unflagged, as far as the report tells. */
function missReason(a: AccountReport, c: ClusterReport | undefined): string {
  if (!c) return 'no cluster';
  if (c.verdict === 'benign') return `cluster ${c.id} benign`;
  return `cluster ${c.id} ${c.verdict}, member ${a.verdict}`;
}

const { report, labels } = await scanLabelled(dir, values.ablate);
const campaignOf = new Map(labels.filter((l) => l.campaign).map((l) => [l.account, l.campaign!]));
const clusters = new Map(report.clusters.map((c) => [c.id, c]));
const byCampaign = new Map<string, AccountReport[]>();
for (const a of report.accounts) {
  const campaign = campaignOf.get(a.id);
  if (campaign && (!values.campaign || campaign === values.campaign)) byCampaign.set(campaign, [...(byCampaign.get(campaign) ?? []), a]);
}
for (const [campaign, members] of [...byCampaign].sort((x, y) => x[0].localeCompare(y[0]))) {
  const flagged = members.filter((a) => a.verdict === 'distillation');
  const exchanges = members.reduce((s, a) => s + a.exchanges, 0);
  const leaked = members.reduce((s, a) => s + (a.verdict === 'distillation' ? (a.flagged_after_exchanges ?? a.exchanges) - 1 : a.exchanges), 0);
  const leads = new Map<string, number>();
  const misses = new Map<string, number>();
  const inClusters = new Map<string, number>();
  for (const a of members) {
    if (a.verdict === 'distillation') count(leads, a.reasons[0]?.signal ?? 'none');
    else count(misses, missReason(a, a.cluster ? clusters.get(a.cluster) : undefined));
    count(inClusters, a.cluster ?? 'none');
  }
  const after = flagged.map((a) => a.flagged_after_exchanges ?? 0).sort((x, y) => x - y);
  const median = after.length ? after[Math.floor(after.length / 2)] : null;
  process.stdout.write(
    `\n${campaign}: ${flagged.length} of ${members.length} flagged, ${exchanges} exchanges, about ${exchanges ? ((100 * leaked) / exchanges).toFixed(1) : '-'}% answered before a flag; ` +
      `flagged after exchange median ${median ?? '-'}, worst ${after.at(-1) ?? '-'}\n  leading reason: ${tally(leads)}\n  unflagged: ${tally(misses)}\n  clusters: ${tally(inClusters)}\n`,
  );
  for (const id of inClusters.keys()) {
    const c = clusters.get(id);
    if (!c) continue;
    const outside = c.accounts.filter((m) => campaignOf.get(m) !== campaign).length;
    process.stdout.write(`  ${c.id} ${c.verdict} ${c.score}: ${c.accounts.length} accounts (${outside} outside the campaign), links ${c.links.map((l) => `${l.kind}:${l.accounts}`).join(' ')}\n`);
    for (const e of c.evidence.slice(0, 6)) process.stdout.write(`    ${e}\n`);
  }
  if (!values.members) continue;
  for (const a of members) {
    process.stdout.write(`  ${a.id} ${a.verdict} ${a.score}, ${a.exchanges} exchanges, flagged after ${a.flagged_after_exchanges ?? '-'}, cluster ${a.cluster ?? '-'}\n`);
    for (const r of a.reasons.slice(0, 3)) process.stdout.write(`    ${r.signal} (${r.weight}): ${r.detail.slice(0, 300)}\n`);
  }
}
