/** The readable table `eval` prints for people: headline rates, benign segments, campaigns. */
import Table from 'cli-table3';
import type { EvalMetrics } from './metrics.js';

export const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null): string => (x === null ? '-' : String(x));

/** Borderless columns two spaces apart; the first (a name) left-aligned, the figures right-aligned. */
export function grid(rows: string[][]): string {
  const [head, ...body] = rows;
  const none = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '' };
  const table = new Table({
    head: head!,
    chars: { ...none, left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: head!.map((_, i) => (i === 0 ? 'left' : 'right')),
  });
  table.push(...body);
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

export function formatMetricsTable(m: EvalMetrics): string {
  const out: string[] = [];
  out.push(
    `accounts ${m.accounts.total} (benign ${m.accounts.benign}, campaign ${m.accounts.campaign}, eligible >=${m.recall_min_exchanges} exchanges ${m.accounts.eligible_campaign}); exchanges ${m.exchanges.total}`,
    `precision ${pct(m.precision)}  recall ${pct(m.recall)}  FPR ${pct(m.fpr)}  leakage ${pct(m.leakage)}  review load ${pct(m.review_load)} (benign ${pct(m.benign_review_load)})  ARI ${m.ari.value === null ? '-' : m.ari.value.toFixed(3)} over ${m.ari.accounts} accounts`,
    '',
  );
  const seg = [['segment', 'accounts', 'flagged', 'FPR', 'suspicious', 'review']];
  for (const [name, s] of Object.entries(m.segments)) seg.push([name, String(s.accounts), String(s.flagged), pct(s.fpr), String(s.suspicious), pct(s.review_load)]);
  out.push(grid(seg), '');
  const camp = [['campaign', 'archetype', 'accounts', 'recall', 'leakage', 'TTD h', 'acct TTD h', 'flag after', 'coverage', 'purity', 'pivot h']];
  for (const [id, c] of Object.entries(m.campaigns))
    camp.push([id, c.archetype, String(c.accounts), pct(c.recall), pct(c.leakage), num(c.time_to_detect_hours), num(c.median_account_time_to_detect_hours), num(c.median_flagged_after_exchanges), pct(c.cluster_coverage), pct(c.cluster_purity), num(c.pivot_alert_latency_hours)]);
  out.push(grid(camp));
  for (const p of m.pivot) out.push('', `release ${p.model} at ${p.released}: ${p.alerts} pivot alerts, first after ${num(p.first_alert_latency_hours)} h, ${p.benign_cluster_alerts} on benign clusters`);
  return `${out.join('\n')}\n`;
}
