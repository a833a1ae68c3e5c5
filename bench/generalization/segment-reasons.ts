/**
 * `node --import tsx bench/generalization/segment-reasons.ts DIR [--segment research] [--ablate payment] [--suspicious]`:
 * why the benign accounts of one segment of a simulator output were flagged. Scans DIR (with the given evidence
 * removed, as the generalization run does), then prints, per flagged account of the segment (`--suspicious`: and per
 * account held for review), its verdict and reasons and, when its cluster is flagged, the cluster's size, links and
 * evidence; then a tally of which signals led. For calibration worlds (1-5, 101-103) only: looking at a judging world's
 * accounts to shape a rule makes it calibration data.
 */
import { parseArgs } from 'node:util';
import { scanLabelled } from './labelled-scan.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { segment: { type: 'string', default: 'research' }, ablate: { type: 'string', default: 'payment' }, suspicious: { type: 'boolean', default: false } },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: segment-reasons.ts DIR [--segment NAME] [--ablate KIND[,KIND]|none]');
const { report, labels } = await scanLabelled(dir, values.ablate);
const members = new Set(labels.filter((l) => l.segment === values.segment).map((l) => l.account));
const clusters = new Map(report.clusters.map((c) => [c.id, c]));
const tally = new Map<string, number>();
let flagged = 0;
for (const a of report.accounts) {
  if (!members.has(a.id) || (a.verdict !== 'distillation' && !(values.suspicious && a.verdict === 'suspicious'))) continue;
  if (a.verdict === 'distillation') flagged++;
  const c = a.cluster ? clusters.get(a.cluster) : undefined;
  const lead = a.reasons[0]?.signal ?? 'none';
  tally.set(lead, (tally.get(lead) ?? 0) + 1);
  process.stdout.write(`\n${a.id} ${a.verdict}, ${a.exchanges} exchanges, score ${a.score}, flagged after ${a.flagged_after_exchanges}\n`);
  for (const r of a.reasons) process.stdout.write(`  ${r.signal} (${r.weight}): ${r.detail}\n`);
  if (c && c.verdict !== 'benign') {
    const segs = new Map<string, number>();
    for (const m of c.accounts) {
      const s = labels.find((l) => l.account === m)?.segment ?? '?';
      segs.set(s, (segs.get(s) ?? 0) + 1);
    }
    process.stdout.write(`  cluster ${c.id} ${c.verdict} ${c.score}: ${c.accounts.length} accounts (${[...segs].map(([s, n]) => `${s} ${n}`).join(', ')}), links ${c.links.map((l) => `${l.kind}:${l.accounts}`).join(' ')}\n`);
    for (const e of c.evidence) process.stdout.write(`    ${e}\n`);
  }
}
const inSegment = report.accounts.filter((a) => members.has(a.id));
const suspicious = inSegment.filter((a) => a.verdict === 'suspicious').length;
const top = inSegment.map((a) => a.score).sort((x, y) => y - x).slice(0, 5);
process.stdout.write(
  `\n${values.segment}: ${flagged} of ${members.size} flagged, ${suspicious} suspicious; highest scores ${top.join(', ')}; ` +
    `leading reason: ${[...tally].map(([s, n]) => `${s} ${n}`).join(', ') || '-'}\n`,
);
