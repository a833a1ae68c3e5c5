/**
 * The CI regression gate: checks eval metrics against thresholds recorded in the repository
 * (`scenarios/<scenario>.thresholds.json`), so detection can never silently regress.
 * A threshold names a metric by its dotted path in the eval JSON (`recall`, `segments.eval.fpr`,
 * `campaigns.c-slow.leakage`) with a `min` and/or `max`.
 */
import { z } from 'zod';
import type { EvalMetrics } from './metrics.js';

export const thresholdsSchema = z.strictObject({
  scenario: z.string(),
  note: z.string().optional(),
  checks: z.array(z.strictObject({ metric: z.string(), min: z.number().optional(), max: z.number().optional() })),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** Value at a dotted path (keys may contain '-'), or undefined. */
export function metricAt(m: EvalMetrics, path: string): unknown {
  let v: unknown = m;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Failed checks as readable lines; empty when every check passes. A missing or null metric fails its check. */
export function checkThresholds(m: EvalMetrics, t: Thresholds): string[] {
  const failures: string[] = [];
  for (const c of t.checks) {
    const v = metricAt(m, c.metric);
    if (typeof v !== 'number') {
      failures.push(`${c.metric}: no value (${v === null ? 'null' : typeof v})`);
      continue;
    }
    if (c.min !== undefined && v < c.min) failures.push(`${c.metric} = ${v.toFixed(4)} is below the recorded minimum ${c.min}`);
    if (c.max !== undefined && v > c.max) failures.push(`${c.metric} = ${v.toFixed(4)} is above the recorded maximum ${c.max}`);
  }
  return failures;
}
