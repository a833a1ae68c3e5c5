import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine } from '../engine.js';
import { fixtureLog } from '../testing/fixture-log.js';
import { renderHtmlReport } from './render.js';

test('renders a self-contained report with the timeline, flagged accounts and signal charts', () => {
  const f = fixtureLog(2, 3);
  const engine = new DetectionEngine({ accounts: new Map(f.accounts.map((a) => [a.id, a])) });
  for (const ex of f.exchanges) engine.observe(ex);
  const html = renderHtmlReport(engine.report(), engine);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(f.harvester));
  assert.ok(html.includes('cot_elicitation'));
  assert.ok((html.match(/<svg/g) ?? []).length > 10);
  assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(html), 'no network references');
  assert.ok(!html.includes('<script'));
});
