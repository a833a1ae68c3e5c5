import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterReport } from '../detect/report.js';
import type { AlertEvent } from './alert-event.js';
import { CampaignAlerts } from './campaign-alerts.js';
import { slackMessage } from './slack-format.js';

const cluster = (id: string, accounts: string[], verdict: ClusterReport['verdict'] = 'distillation'): ClusterReport => ({
  id,
  verdict,
  score: 0.97,
  accounts,
  exchanges: 1200,
  first_seen: '2026-02-10T00:00:00.000Z',
  last_seen: '2026-02-11T00:00:00.000Z',
  capabilities: ['reasoning'],
  links: [{ kind: 'payment', accounts: accounts.length }],
  evidence: ['12 accounts on 2 payment methods', '91% of prompts ask for step-by-step reasoning'],
});

test('a campaign is announced once, however its cluster id and size change, and a new operator is announced', () => {
  const events: AlertEvent[] = [];
  const alerts = new CampaignAlerts((e) => events.push(e));
  const ts = '2026-02-10T12:00:00.000Z';
  alerts.clusterSeen(cluster('c_1', ['a', 'b', 'c']), ts);
  alerts.clusterSeen(cluster('c_1', ['a', 'b', 'c']), ts);
  alerts.clusterSeen(cluster('c_7', ['a', 'b', 'c', 'd']), ts);
  alerts.clusterSeen(cluster('c_2', ['x', 'y'], 'suspicious'), ts);
  alerts.clusterSeen(cluster('c_1-other', ['p', 'q']), ts);
  alerts.clusterSeen(cluster('c_3', ['x', 'y', 'z']), ts);
  assert.deepEqual(events.map((e) => `${e.kind}:${e.cluster}`), ['campaign_confirmed:c_1', 'campaign_confirmed:c_3']);
  assert.match(events[0]!.summary, /3 accounts \(1200 exchanges\) harvesting reasoning/);
});

test('pivot and low-and-slow alerts are raised once each; decisions each time', () => {
  const events: AlertEvent[] = [];
  const alerts = new CampaignAlerts((e) => events.push(e));
  const pivot = { kind: 'model_pivot', ts: '2026-02-10T03:00:00.000Z', model: 'm-2', cluster: 'c_1', accounts: ['a'], detail: '62% of c_1 moved to m-2 within 3 h of its release' };
  alerts.alertsRaised([pivot]);
  alerts.alertsRaised([pivot, { kind: 'other', ts: pivot.ts, detail: 'x' }]);
  alerts.decisionMade({ id: 'd_1', action: 'block', target: { kind: 'cluster', id: 'c_1' }, reason: 'campaign', rule: null, source: 'analyst', createdAt: 0, expiresAt: null });
  assert.deepEqual(events.map((e) => e.kind), ['model_pivot', 'decision']);
  assert.equal(events[1]!.summary, 'block on cluster c_1: campaign');
});

test('a Slack message carries the summary, the first evidence lines and the accounts', () => {
  const events: AlertEvent[] = [];
  new CampaignAlerts((e) => events.push(e)).clusterSeen(cluster('c_1', ['a', 'b']), '2026-02-10T00:00:00.000Z');
  const { text } = slackMessage(events[0]!);
  assert.match(text, /^:rotating_light: \*Hydrawatch campaign confirmed\*: distillation campaign of 2 accounts/);
  assert.match(text, /• 91% of prompts ask for step-by-step reasoning/);
  assert.match(text, /Accounts: a, b$/);
});
