/** The generalization figures as text: the "Done when" table, benign segments, campaigns, and the ablation table. */
import { formatAblationTable } from '../../src/sim/eval/ablation-study.js';
import { GOALS, type GeneralizationResult } from './figures.js';
import { grid, pct } from '../../src/sim/eval/table.js';

const hours = (x: number | null): string => (x === null ? '-' : `${x.toFixed(1)} h`);
const mark = (ok: boolean): string => (ok ? 'met' : 'NOT MET');

export function formatGeneralization(r: GeneralizationResult): string {
  const o = r.overall;
  const out: string[] = [`Issue 13 "Done when", ${r.evidence}, sources: ${r.sources.map((s) => s.source).join(', ')}`, ''];
  const worst = o.worst_segment;
  const pivotOk = o.pivots.moved > 0 && o.pivots.alerted === o.pivots.moved && (o.pivots.worst_latency_hours ?? Infinity) < GOALS.pivotHours;
  out.push(
    grid([
      ['figure', 'measured', 'goal', ''],
      ['recall (campaign accounts with 20+ exchanges)', pct(o.recall), `>= ${pct(GOALS.recall)}`, mark((o.recall ?? 0) >= GOALS.recall)],
      ['worst benign segment flagged', worst ? `${worst.segment} ${worst.flagged}/${worst.accounts} = ${pct(worst.rate)}` : '-', `<= ${pct(GOALS.segmentFlagged)}`, mark(!worst || worst.rate <= GOALS.segmentFlagged)],
      ['leakage (campaign exchanges before the flag)', pct(o.leakage), `<= ${pct(GOALS.leakage)}`, mark((o.leakage ?? 1) <= GOALS.leakage)],
      ['model-pivot alert after a campaign moved (worst)', `${hours(o.pivots.worst_latency_hours)} (${o.pivots.alerted} of ${o.pivots.moved} alerted)`, `< ${GOALS.pivotHours} h`, mark(pivotOk)],
    ]),
    '',
  );
  const sources = [['source', 'accounts', 'exchanges', 'recall', 'FPR', 'leakage', 'worst segment']];
  for (const s of r.sources) {
    const w = Object.entries(s.segments).sort((a, b) => b[1].rate - a[1].rate || b[1].accounts - a[1].accounts)[0];
    sources.push([s.source, String(s.accounts), String(s.exchanges), pct(s.recall), pct(s.fpr), pct(s.leakage), w ? `${w[0]} ${w[1].flagged}/${w[1].accounts}` : '-']);
  }
  out.push(grid(sources), '');
  const segs = [['benign segment (all sources)', 'accounts', 'flagged', 'rate']];
  for (const [name, v] of Object.entries(o.segments).sort((a, b) => b[1].rate - a[1].rate)) segs.push([name, String(v.accounts), String(v.flagged), pct(v.rate)]);
  out.push(grid(segs), '');
  const camps = [['source', 'campaign', 'archetype', 'eligible', 'recall', 'leakage', 'moved to new model', 'pivot alert']];
  for (const c of r.sources.flatMap((s) => s.campaigns)) camps.push([c.source, c.campaign, c.archetype, String(c.eligible), pct(c.recall), pct(c.leakage), c.pivot_at ?? 'no', c.pivot_at ? hours(c.pivot_alert_latency_hours) : '-']);
  out.push(grid(camps));
  if (r.ablation) out.push('', `Ablation on ${r.ablation.dir} (recall / leakage per campaign):`, formatAblationTable(r.ablation).trimEnd());
  for (const s of r.skipped) out.push('', `skipped: ${s}`);
  return `${out.join('\n')}\n`;
}
