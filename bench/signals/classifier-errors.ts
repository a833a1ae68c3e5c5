/**
 * Lists the labelled prompts that a signal classifier gets wrong, for one split (dev by default):
 *   node --import tsx bench/signals/classifier-errors.ts [dev|heldout] [corpora-dir]
 */
import { corpusPrompts, handWrittenPrompts, type Split } from '../../src/signals/testdata/labelled.js';
import { binaryPr, capabilityAccuracy, predict, THRESHOLD } from '../../src/signals/testdata/metrics.js';
import { requireCorporaDir } from '../../src/sim/corpora-path.js';

const split = (process.argv[2] ?? 'dev') as Split;
const dir = process.argv[3] ?? requireCorporaDir();
const prompts = [...handWrittenPrompts(), ...corpusPrompts(dir)].filter((p) => p.split === split);
const preds = prompts.map(predict);
for (const label of ['cot', 'grading', 'censorship'] as const) {
  const m = binaryPr(preds, label);
  console.log(`== ${label}: P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} (tp ${m.tp} fp ${m.fp} fn ${m.fn})`);
  for (const p of preds) {
    const yes = p.scores[label] >= THRESHOLD;
    if (yes !== p.prompt.pos.has(label))
      console.log(`  ${yes ? 'FP' : 'FN'} ${p.scores[label].toFixed(2)} [${p.prompt.source}] ${p.prompt.text.slice(0, 160).replace(/\n/g, ' ')}`);
  }
}
const acc = capabilityAccuracy(preds);
console.log(`== capability accuracy ${(acc.correct / acc.total).toFixed(3)} (${acc.correct}/${acc.total})`);
const confusion = new Map<string, number>();
for (const p of preds) {
  if (p.prompt.capability === undefined || p.capability === p.prompt.capability) continue;
  const k = `${p.prompt.capability} -> ${p.capability}`;
  confusion.set(k, (confusion.get(k) ?? 0) + 1);
  if (process.env.SHOW_CAP) console.log(`  ${k} [${p.prompt.source}] ${p.prompt.text.slice(0, 140).replace(/\n/g, ' ')}`);
}
for (const [k, v] of [...confusion].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${v}`);
