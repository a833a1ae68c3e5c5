import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMetricsTable } from './table.js';
import type { EvalMetrics } from './metrics.js';

test('the table shows headline rates, segments, campaigns and releases', () => {
  const m: EvalMetrics = {
    version: 1,
    accounts: { total: 10, benign: 6, campaign: 4, eligible_campaign: 3 },
    exchanges: { total: 100, campaign: 40 },
    precision: 0.75, recall: 2 / 3, recall_min_exchanges: 20, fpr: 1 / 6, review_load: 0.1, benign_review_load: 0, leakage: 0.25,
    segments: { eval: { accounts: 2, flagged: 1, suspicious: 0, fpr: 0.5, review_load: 0 } },
    campaigns: { 'c-x': { archetype: 'low-and-slow', accounts: 4, eligible: 3, flagged: 2, recall: 2 / 3, exchanges: 40, leaked_exchanges: 10, leakage: 0.25, first_exchange: null, first_flagged_at: null, time_to_detect_hours: 1.5, median_account_time_to_detect_hours: 2, median_flagged_after_exchanges: 7, dominant_cluster: 'c1', cluster_coverage: 0.5, cluster_purity: 1, pivot_at: null, pivot_alert_latency_hours: null, pivot_alert_after_release_hours: null } },
    ari: { value: 0.42, accounts: 5, definition: '' },
    pivot: [{ model: 'm-2', released: '2026-02-01T00:00:00Z', alerts: 1, first_alert_latency_hours: 3, benign_cluster_alerts: 0 }],
  };
  const t = formatMetricsTable(m);
  assert.match(t, /precision 75\.0%/);
  assert.match(t, /recall 66\.7%/);
  assert.match(t, /eval\s+2\s+1\s+50\.0%/);
  assert.match(t, /c-x\s+low-and-slow\s+4\s+66\.7%\s+25\.0%\s+1\.5/);
  assert.match(t, /ARI 0\.420/);
  assert.match(t, /release m-2 .* 1 pivot alerts, first after 3 h/);
});
