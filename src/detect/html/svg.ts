/** Small inline-SVG chart builders for the self-contained HTML report (no scripts, no network). */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface StackSeries {
  label: string;
  color: string;
  values: number[];
}

/** Stacked bar chart over time: one bar per bucket, series stacked bottom-up. */
export function stackedBars(labels: string[], series: StackSeries[], width = 900, height = 240): string {
  const n = labels.length;
  if (n === 0) return '<p>No traffic.</p>';
  const pad = { l: 50, r: 10, t: 10, b: 40 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const bw = w / n;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let y = pad.t + h;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const bh = (v / max) * h;
      y -= bh;
      parts.push(`<rect x="${(pad.l + i * bw).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0.5, bw - 0.5).toFixed(1)}" height="${bh.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(labels[i]!)}: ${v} ${escapeHtml(s.label)}</title></rect>`);
    }
  }
  const ticks: string[] = [];
  const step = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += step)
    ticks.push(`<text x="${(pad.l + i * bw).toFixed(1)}" y="${height - 22}" font-size="10">${escapeHtml(labels[i]!)}</text>`);
  const legend = series
    .map((s, i) => `<rect x="${pad.l + i * 130}" y="${height - 12}" width="10" height="10" fill="${s.color}"/><text x="${pad.l + i * 130 + 14}" y="${height - 3}" font-size="11">${escapeHtml(s.label)}</text>`)
    .join('');
  return (
    `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" xmlns="http://www.w3.org/2000/svg">` +
    `<text x="4" y="${pad.t + 10}" font-size="10">${max}</text><text x="4" y="${pad.t + h}" font-size="10">0</text>` +
    `<line x1="${pad.l}" y1="${pad.t + h}" x2="${pad.l + w}" y2="${pad.t + h}" stroke="#999"/>` +
    parts.join('') +
    ticks.join('') +
    legend +
    '</svg>'
  );
}

/** Overlaid histograms of one value for two groups of accounts (normalised per group). */
export function histogramPair(title: string, a: number[], b: number[], labels: [string, string], width = 280, height = 150): string {
  const all = [...a, ...b];
  if (all.length === 0) return '';
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) hi = lo + 1;
  const bins = 20;
  const count = (xs: number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of xs) c[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]!++;
    return c.map((v) => (xs.length ? v / xs.length : 0));
  };
  const ca = count(a);
  const cb = count(b);
  const max = Math.max(0.01, ...ca, ...cb);
  const pad = { l: 6, r: 6, t: 18, b: 18 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const bw = w / bins;
  const bars = (c: number[], color: string) =>
    c
      .map((v, i) => (v > 0 ? `<rect x="${(pad.l + i * bw).toFixed(1)}" y="${(pad.t + h - (v / max) * h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${((v / max) * h).toFixed(1)}" fill="${color}" fill-opacity="0.55"/>` : ''))
      .join('');
  return (
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<text x="${pad.l}" y="12" font-size="11" font-weight="bold">${escapeHtml(title)}</text>` +
    bars(ca, '#4a7bd0') +
    bars(cb, '#d0454a') +
    `<text x="${pad.l}" y="${height - 4}" font-size="9">${fmt(lo)}</text><text x="${width - pad.r}" y="${height - 4}" font-size="9" text-anchor="end">${fmt(hi)}</text>` +
    `<text x="${width / 2}" y="${height - 4}" font-size="9" text-anchor="middle"><tspan fill="#4a7bd0">${escapeHtml(labels[0])} (${a.length})</tspan> / <tspan fill="#d0454a">${escapeHtml(labels[1])} (${b.length})</tspan></text>` +
    '</svg>'
  );
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}
