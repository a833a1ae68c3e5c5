/**
 * The self-contained HTML scan report for analysts: traffic over time split by verdict, the top accounts with their
 * reasons, clusters and alerts, and the distribution of every per-account signal for benign versus flagged accounts.
 * One file, inline SVG and CSS, no scripts and no network.
 */
import type { DetectionEngine } from '../engine.js';
import { INDICATORS } from '../indicators.js';
import type { AccountReport, ScanReport, StreamedScanReport, Verdict } from '../report.js';
import { escapeHtml, histogramPair, stackedBars } from './svg.js';

const TOP_ACCOUNTS = 50;
const MAX_BARS = 240;
/** Accounts with fewer exchanges are left out of the signal distributions (their shares are noise). */
const MIN_EXCHANGES_FOR_DISTRIBUTION = 10;

export function renderHtmlReport(report: ScanReport | StreamedScanReport, engine: DetectionEngine): string {
  const series = engine.timeline.series();
  // Merge hourly buckets so that the chart has at most MAX_BARS bars.
  const group = Math.max(1, Math.ceil(series.length / MAX_BARS));
  const labels: string[] = [];
  const benign: number[] = [];
  const suspicious: number[] = [];
  const distillation: number[] = [];
  for (let i = 0; i < series.length; i += group) {
    const chunk = series.slice(i, i + group);
    labels.push(new Date(chunk[0]!.t).toISOString().slice(0, 13).replace('T', ' ') + 'h');
    benign.push(chunk.reduce((s, b) => s + b.benign, 0));
    suspicious.push(chunk.reduce((s, b) => s + b.suspicious, 0));
    distillation.push(chunk.reduce((s, b) => s + b.distillation, 0));
  }
  const traffic = stackedBars(labels, [
    { label: 'benign', color: '#9bb7e0', values: benign },
    { label: 'suspicious', color: '#f0b44c', values: suspicious },
    { label: 'distillation', color: '#d0454a', values: distillation },
  ]);

  // One pass over the entries (a streamed report builds each as it is read).
  const verdicts = { distillation: 0, suspicious: 0, benign: 0 };
  const top: AccountReport[] = [];
  for (const a of report.accounts) {
    verdicts[a.verdict]++;
    if (a.verdict !== 'benign' && top.length < TOP_ACCOUNTS) top.push(a);
  }
  const count = (v: Verdict) => verdicts[v];
  const accountRows = top
    .map(
      (a) =>
        `<tr class="${a.verdict}"><td>${escapeHtml(a.id)}</td><td>${a.verdict}</td><td>${a.score.toFixed(2)}</td>` +
        `<td>${a.exchanges}</td><td>${escapeHtml(a.cluster ?? '')}</td><td>${escapeHtml(a.first_flagged_at ?? '')}` +
        `${a.flagged_after_exchanges !== null ? ` (after ${a.flagged_after_exchanges})` : ''}</td>` +
        `<td><ul>${a.reasons.map((r) => `<li><b>${escapeHtml(r.signal)}</b> ${escapeHtml(r.detail)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  const clusterRows = report.clusters
    .slice(0, 50)
    .map(
      (c) =>
        `<tr class="${c.verdict}"><td>${escapeHtml(c.id)}</td><td>${c.verdict}</td><td>${c.score.toFixed(2)}</td><td>${c.accounts.length}</td>` +
        `<td>${c.exchanges}</td><td>${escapeHtml(c.capabilities.join(', '))}</td>` +
        `<td>${escapeHtml(c.links.map((l) => `${l.kind}: ${l.accounts}`).join(', '))}</td>` +
        `<td><ul>${c.evidence.slice(0, 6).map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  const alertRows = report.alerts
    .map((a) => `<tr><td>${escapeHtml(a.kind)}</td><td>${escapeHtml(a.ts)}</td><td>${escapeHtml(a.model ?? '')}</td><td>${escapeHtml(a.cluster ?? '')}</td><td>${escapeHtml(a.detail)}</td></tr>`)
    .join('');

  const flagged: Map<string, number[]>[] = [new Map(), new Map()];
  for (const state of engine.allStates()) {
    if (state.exchanges < MIN_EXCHANGES_FOR_DISTRIBUTION) continue;
    const f = engine.featuresOf(state);
    const side = state.verdict === 'benign' ? 0 : 1;
    for (const ind of INDICATORS) {
      const list = flagged[side]!.get(ind.signal) ?? [];
      list.push(ind.value(f));
      flagged[side]!.set(ind.signal, list);
    }
  }
  const histograms = INDICATORS.map((ind) =>
    histogramPair(ind.signal, flagged[0]!.get(ind.signal) ?? [], flagged[1]!.get(ind.signal) ?? [], ['benign', 'flagged']),
  ).join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hydrawatch scan report</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
tr.distillation td:nth-child(2){color:#b3262c;font-weight:bold}tr.suspicious td:nth-child(2){color:#b07400}
ul{margin:0;padding-left:16px}.cards{display:flex;gap:16px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}
.card b{font-size:20px;display:block}.hist{display:flex;flex-wrap:wrap;gap:8px}
</style></head><body>
<h1>Hydrawatch scan report</h1>
<p>Generated ${escapeHtml(report.generated_at)}.</p>
<div class="cards">
<div class="card"><b>${report.input.exchanges}</b>exchanges</div>
<div class="card"><b>${report.input.accounts}</b>accounts</div>
<div class="card"><b>${report.input.bad_lines}</b>bad lines</div>
<div class="card"><b>${count('distillation')}</b>distillation</div>
<div class="card"><b>${count('suspicious')}</b>suspicious</div>
<div class="card"><b>${report.clusters.length}</b>clusters</div>
<div class="card"><b>${report.alerts.length}</b>alerts</div>
</div>
<h2>Traffic over time, by the verdict of its account when it arrived</h2>
${traffic}
<h2>Top flagged accounts (${top.length} of ${count('distillation') + count('suspicious')})</h2>
<table><tr><th>account</th><th>verdict</th><th>score</th><th>exchanges</th><th>cluster</th><th>first flagged</th><th>reasons</th></tr>${accountRows}</table>
<h2>Clusters</h2>
${report.clusters.length ? `<table><tr><th>cluster</th><th>verdict</th><th>score</th><th>accounts</th><th>exchanges</th><th>capabilities</th><th>links</th><th>evidence</th></tr>${clusterRows}</table>` : '<p>None.</p>'}
<h2>Alerts</h2>
${report.alerts.length ? `<table><tr><th>kind</th><th>time</th><th>model</th><th>cluster</th><th>detail</th></tr>${alertRows}</table>` : '<p>None.</p>'}
<h2>Per-account signal distributions (accounts with ${MIN_EXCHANGES_FOR_DISTRIBUTION}+ exchanges)</h2>
<div class="hist">${histograms}</div>
</body></html>
`;
}
