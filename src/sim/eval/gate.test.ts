import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_DIR } from '../scenario.js';
import { checkThresholds, metricAt, thresholdsSchema } from './gate.js';
import type { EvalMetrics } from './metrics.js';

const m = { precision: 0.9, recall: 0.5, segments: { eval: { fpr: 0.1 } }, campaigns: { 'c-slow': { leakage: null } } } as unknown as EvalMetrics;

test('metricAt follows dotted paths, with dashes in keys', () => {
  assert.equal(metricAt(m, 'segments.eval.fpr'), 0.1);
  assert.equal(metricAt(m, 'campaigns.c-slow.leakage'), null);
  assert.equal(metricAt(m, 'nope.x'), undefined);
});

test('checks fail below min, above max, and on missing values', () => {
  const t = { scenario: 'x', checks: [{ metric: 'precision', min: 0.95 }, { metric: 'recall', min: 0.4 }, { metric: 'segments.eval.fpr', max: 0.05 }, { metric: 'campaigns.c-slow.leakage', max: 1 }] };
  const f = checkThresholds(m, t);
  assert.equal(f.length, 3);
  assert.match(f[0]!, /precision/);
  assert.match(f[1]!, /segments\.eval\.fpr/);
  assert.match(f[2]!, /no value/);
  assert.deepEqual(checkThresholds(m, { scenario: 'x', checks: [{ metric: 'recall', min: 0.5, max: 0.5 }] }), []);
});

test('the committed smoke thresholds file is valid', () => {
  thresholdsSchema.parse(JSON.parse(readFileSync(join(SCENARIO_DIR, 'smoke.thresholds.json'), 'utf8')));
});
