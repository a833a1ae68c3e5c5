/**
 * `node --import tsx bench/generalization/pivot-reasons.ts DIR [--ablate payment]`: why each campaign of a labelled
 * output got its model-pivot alert when it did, or none. Scans DIR as the generalization run does, then prints per
 * campaign when it moved (the eval's pivot time) and every model-pivot alert naming any of its accounts: when, on
 * which cluster, how many accounts it names and which campaigns (or benign segments) they belong to. Also the alerts
 * that name mostly benign accounts. Use calibration worlds (1-5, 101-103) to look, the others only to check.
 */
import { parseArgs } from 'node:util';
import { scanLabelled } from './labelled-scan.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { ablate: { type: 'string', default: 'payment' } } });
const dir = positionals[0];
if (!dir) throw new Error('usage: pivot-reasons.ts DIR [--ablate KIND[,KIND]|none]');
import { evaluateDir } from '../../src/sim/eval/evaluate.js';

const { report, labels } = await scanLabelled(dir, values.ablate ?? 'payment');
const metrics = await evaluateDir(dir, report);
const groupOf = new Map(labels.map((l) => [l.account, l.campaign ?? `benign:${l.segment}`]));
const pivots = report.alerts.filter((a) => a.kind === 'model_pivot');
/** Who an alert names: "campaign n, segment n, ...", most first. */
const names = (accounts: readonly string[]): string => {
  const n = new Map<string, number>();
  for (const a of accounts) n.set(groupOf.get(a) ?? 'unlabelled', (n.get(groupOf.get(a) ?? 'unlabelled') ?? 0) + 1);
  return [...n].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', ');
};
const line = (a: (typeof pivots)[number]) => `    ${a.ts} ${a.model} ${a.cluster ?? '-'}: ${a.accounts?.length ?? 0} named (${names(a.accounts ?? [])})\n      ${a.detail}\n`;
for (const [id, c] of Object.entries(metrics.campaigns).sort((x, y) => x[0].localeCompare(y[0]))) {
  const mine = pivots.filter((a) => (a.accounts ?? []).some((x) => groupOf.get(x) === id));
  process.stdout.write(`\n${id} (${c.archetype}, ${c.accounts} accounts): moved ${c.pivot_at ?? 'no'}, pivot alert latency ${c.pivot_alert_latency_hours ?? '-'} h; dominant cluster ${c.dominant_cluster ?? '-'} (coverage ${c.cluster_coverage ?? '-'}, purity ${c.cluster_purity ?? '-'})\n`);
  for (const a of mine) process.stdout.write(line(a));
  if (mine.length > 0 || c.pivot_at === null) continue;
  // Moved without an alert naming it: where its accounts sit.
  const holding = new Map<string, number>();
  for (const a of report.accounts) if (groupOf.get(a.id) === id) holding.set(a.cluster ?? 'none', (holding.get(a.cluster ?? 'none') ?? 0) + 1);
  for (const [cid, n] of [...holding].sort((x, y) => y[1] - x[1])) {
    const cl = report.clusters.find((x) => x.id === cid);
    process.stdout.write(`    ${n} in ${cid}${cl ? ` ${cl.verdict} ${cl.score} (${names(cl.accounts)})` : ''}\n`);
  }
}
const benign = pivots.filter((a) => (a.accounts ?? []).filter((x) => (groupOf.get(x) ?? '').startsWith('benign:')).length * 2 > (a.accounts?.length ?? 0));
process.stdout.write(`\nmodel-pivot alerts: ${pivots.length}; naming mostly benign accounts: ${benign.length}\n`);
for (const a of benign) process.stdout.write(line(a));
