import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, type SourceFigures } from './figures.js';
import { formatGeneralization } from './table.js';

const source = (name: string, evalFlagged: number, latency: number | null): SourceFigures => ({
  source: name, accounts: 300, exchanges: 9000, recall: 0.9, fpr: 0.01, leakage: 0.2,
  segments: { eval: { accounts: 100, flagged: evalFlagged, rate: evalFlagged / 100 }, chat: { accounts: 200, flagged: 0, rate: 0 } },
  campaigns: [
    { source: name, campaign: 'c1', archetype: 'agentic-coding', eligible: 50, recall: 0.9, leakage: 0.2, pivot_at: '2026-03-05T10:00:00.000Z', pivot_alert_latency_hours: latency },
    { source: name, campaign: 'c2', archetype: 'low-and-slow', eligible: 50, recall: 1, leakage: 0.1, pivot_at: null, pivot_alert_latency_hours: null },
  ],
});

test('segments add up over sources; the worst segment, pivots alerted and the goals follow', () => {
  const sources = [source('world-101', 3, 1.5), source('independent-1', 0, null)];
  const o = summarise(sources, { eligible: 200, caught: 190, exchanges: 1000, leaked: 120 });
  assert.equal(o.recall, 0.95);
  assert.equal(o.leakage, 0.12);
  assert.deepEqual(o.worst_segment, { segment: 'eval', accounts: 200, flagged: 3, rate: 0.015 });
  assert.deepEqual(o.pivots, { moved: 2, alerted: 1, worst_latency_hours: 1.5 });
  const text = formatGeneralization({ evidence: 'payment removed', sources, overall: o, ablation: null, skipped: [] });
  assert.match(text, /recall \(campaign accounts with 20\+ exchanges\)\s+95\.0%\s+>= 95\.0%\s+met/);
  assert.match(text, /worst benign segment flagged\s+eval 3\/200 = 1\.5%\s+<= 1\.0%\s+NOT MET/);
  assert.match(text, /leakage .*12\.0%.*NOT MET/);
  assert.match(text, /1\.5 h \(1 of 2 alerted\).*NOT MET/, 'a campaign that moved without an alert fails the pivot goal');
});
