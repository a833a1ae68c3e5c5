/**
 * Measures the signal classifiers on labelled prompts they were not built from: the held-out hand-written set
 * (`testdata/eval.jsonl`) and the held-out half of the public prompt sets (found through HYDRAWATCH_CORPORA) (negatives for the binary
 * classifiers; capability labels where the corpus has them). Prints precision and recall and asserts floors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corporaSkip, requireCorporaDir } from '../sim/corpora-path.js';
import { CAPABILITIES } from './types.js';
import { corpusPrompts, handWrittenPrompts } from './testdata/labelled.js';
import { binaryPr, capabilityAccuracy, capabilityPr, predict, type Pr } from './testdata/metrics.js';


/** Floors on the held-out sets (hand-written + corpora). */
const FLOORS = {
  cot: { precision: 0.85, recall: 0.9 },
  grading: { precision: 0.85, recall: 0.85 },
  censorship: { precision: 0.85, recall: 0.9 },
  /** Largest share of held-out corpus prompts flagged, counting every corpus prompt as a negative (no review). */
  corpusFlagRate: 0.005,
  capabilityAccuracy: 0.85,
};

const fmt = (m: Pr) =>
  `precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} (tp ${m.tp} fp ${m.fp} fn ${m.fn} tn ${m.tn})`;

test('classifier precision and recall on held-out labelled prompts', { skip: corporaSkip() }, () => {
  const hand = handWrittenPrompts().filter((p) => p.split === 'heldout');
  const corpora = corpusPrompts(requireCorporaDir()).filter((p) => p.split === 'heldout');
  const all = [...hand, ...corpora].map(predict);
  const corpusPreds = all.slice(hand.length);
  const lines: string[] = [`held-out: ${hand.length} hand-written + ${corpora.length} corpus prompts`];
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  for (const label of ['cot', 'grading', 'censorship'] as const) {
    const m = binaryPr(all, label);
    const flagged = corpusPreds.filter((p) => p.scores[label] >= 0.5).length;
    const rate = flagged / corpusPreds.length;
    lines.push(`${label.padEnd(12)} ${fmt(m)}; corpus flagged ${flagged}/${corpusPreds.length} (${(rate * 100).toFixed(2)}%)`);
    check(m.precision >= FLOORS[label].precision, `${label} precision ${m.precision}`);
    check(m.recall >= FLOORS[label].recall, `${label} recall ${m.recall}`);
    check(rate <= FLOORS.corpusFlagRate, `${label} corpus flag rate ${rate}`);
  }
  const acc = capabilityAccuracy(all);
  lines.push(`capability accuracy ${(acc.correct / acc.total).toFixed(3)} over ${acc.total} labelled prompts`);
  for (const c of CAPABILITIES) {
    const m = capabilityPr(all, c);
    if (m.tp + m.fn + m.fp > 0) lines.push(`  ${c.padEnd(15)} ${fmt(m)}`);
  }
  check(acc.correct / acc.total >= FLOORS.capabilityAccuracy, `capability accuracy ${acc.correct / acc.total}`);
  console.log(lines.join('\n'));
  assert.deepEqual(failures, [], `below the floors: ${failures.join('; ')}`);
});
