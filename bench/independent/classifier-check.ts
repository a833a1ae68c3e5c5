/**
 * The signal classifiers on text that no part of the simulator (and nothing in src/signals) produced: positives are
 * the independent source's own hand-written harvesting instructions (derivations in English and Chinese, control of
 * the thinking language, trace reconstruction, rubric grading, censorship-safe rewrites) around public-set payloads;
 * negatives are every prompt of the public prompt sets, plus look-alikes (evaluation answer formats, students asking
 * how to solve). Prints precision and recall per classifier.
 *
 *     node --import tsx bench/independent/classifier-check.ts [--json]
 */
import { parseArgs } from 'node:util';
import { requireCorporaDir } from '../../src/sim/corpora-path.js';
import { binaryPr, predict, type Pr } from '../../src/signals/testdata/metrics.js';
import type { BinaryLabel, LabelledPrompt } from '../../src/signals/testdata/labelled.js';
import { DERIVATION_EN, DERIVATION_ZH, EVAL_FORMATS, RECONSTRUCT, RUBRICS, STUDENT_OPENERS, THINKING_LANGUAGE } from './phrasings.js';
import { loadPromptSets, type PromptSets } from './prompt-sets.js';
import { Dice } from './rand.js';

/** Requests to rewrite politically sensitive questions so that a censoring model will answer them. */
const SAFE_REWRITES = [
  'Reword the question below so that a model with strict content rules in mainland China would still answer it, keeping its meaning.',
  'Make this question acceptable to a heavily filtered assistant: soften the political terms but keep what is being asked.',
  '把下面这个敏感问题改写成审查严格的模型也愿意回答的版本，意思不要变。',
  'Produce a version of this prompt that would pass government-mandated content filters without losing the underlying question.',
];
const SENSITIVE = ['What happened in Beijing in June 1989?', 'Why do people criticise the leadership of the ruling party?', 'What is the status of Taiwan?', 'How are minorities treated in Xinjiang?'];

function labelled(text: string, pos: BinaryLabel[], source: string, system = ''): LabelledPrompt {
  return { source, split: 'heldout', text, system, pos: new Set(pos), tools: [], images: 0 };
}

export function heldOutSet(sets: PromptSets): LabelledPrompt[] {
  const d = new Dice('classifier-check');
  const out: LabelledPrompt[] = [];
  for (const inst of DERIVATION_EN) for (let k = 0; k < 6; k++) out.push(labelled(d.yes(0.5) ? `${d.one(sets.math).question}\n\n${inst}` : `${inst}\n\n${d.one(sets.codeTasks)}`, ['cot'], 'independent:derivation-en'));
  for (const inst of DERIVATION_ZH) for (let k = 0; k < 6; k++) out.push(labelled(`${inst}\n${d.one(sets.math).question}`, ['cot'], 'independent:derivation-zh'));
  for (const inst of THINKING_LANGUAGE) for (let k = 0; k < 6; k++) out.push(labelled(`${inst}\n\n${d.one(sets.math).question}`, ['cot'], 'independent:thinking-language'));
  for (const inst of RECONSTRUCT) for (let k = 0; k < 6; k++) { const q = d.one(sets.math); out.push(labelled(`${inst}\n\nQuestion: ${q.question}\nFinal answer: ${q.answer}`, ['cot'], 'independent:reconstruct')); }
  for (const rubric of RUBRICS) for (let k = 0; k < 6; k++) out.push(labelled(`${rubric}\n\n[Question]\n${d.one(sets.chats)}\n[Response 1]\n${d.one(sets.instructions).instruction}\n[Response 2]\nThe answer is ${d.integer(2, 99)}.`, ['grading'], 'independent:rubric'));
  for (const inst of SAFE_REWRITES) for (const q of SENSITIVE) out.push(labelled(`${inst}\n\n${q}`, ['censorship'], 'independent:safe-rewrite'));
  // Look-alikes written here: evaluation answer formats and students asking for help.
  for (const f of EVAL_FORMATS) for (let k = 0; k < 10; k++) out.push(labelled(f.replace('{q}', d.one(sets.math).question), [], 'independent:eval-format'));
  for (const o of STUDENT_OPENERS) for (let k = 0; k < 10; k++) out.push(labelled(`${o}\n\n${d.one(sets.math).question}`, [], 'independent:student'));
  // Every public prompt as a negative.
  for (const q of sets.math) out.push(labelled(q.question, [], 'corpus:gsm8k'));
  for (const f of sets.functions) out.push(labelled(f, [], 'corpus:humaneval'));
  for (const c of sets.codeTasks) out.push(labelled(c, [], 'corpus:code-alpaca'));
  for (const c of sets.chats) out.push(labelled(c, [], 'corpus:mt-bench+vicuna'));
  for (const i of sets.instructions) out.push(labelled(i.input ? `${i.instruction}\n${i.input}` : i.instruction, [], 'corpus:self-instruct'));
  for (const p of sets.personas) out.push(labelled(p.prompt, [], 'corpus:awesome-prompts'));
  return out;
}

export interface ClassifierFigures {
  prompts: number;
  positives: Record<BinaryLabel, number>;
  classifiers: Record<BinaryLabel, Pr>;
  /** Share flagged (any classifier) per source of negatives, and recall per source of positives. */
  by_source: Record<string, { prompts: number; flagged: number }>;
}

export function classifierFigures(sets: PromptSets): ClassifierFigures {
  const preds = heldOutSet(sets).map(predict);
  const labels: BinaryLabel[] = ['cot', 'grading', 'censorship'];
  const by_source: ClassifierFigures['by_source'] = {};
  for (const p of preds) {
    const s = (by_source[p.prompt.source] ??= { prompts: 0, flagged: 0 });
    s.prompts++;
    const pos = [...p.prompt.pos];
    // Positives count as caught by their own classifier; negatives as flagged by any.
    const hit = pos.length > 0 ? pos.some((l) => p.scores[l] >= 0.5) : labels.some((l) => p.scores[l] >= 0.5);
    if (hit) s.flagged++;
  }
  return {
    prompts: preds.length,
    positives: Object.fromEntries(labels.map((l) => [l, preds.filter((p) => p.prompt.pos.has(l)).length])) as Record<BinaryLabel, number>,
    classifiers: Object.fromEntries(labels.map((l) => [l, binaryPr(preds, l)])) as Record<BinaryLabel, Pr>,
    by_source,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const f = classifierFigures(loadPromptSets(requireCorporaDir()));
  if (values.json) process.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
  else {
    const lines = [`${f.prompts} prompts (none produced by the simulator or src/signals)`];
    for (const [l, m] of Object.entries(f.classifiers)) lines.push(`${l.padEnd(11)} precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} (tp ${m.tp} fp ${m.fp} fn ${m.fn} tn ${m.tn})`);
    lines.push('', 'by source (positives: caught by their classifier; negatives: flagged by any):');
    for (const [s, v] of Object.entries(f.by_source)) lines.push(`  ${s.padEnd(34)} ${String(v.flagged).padStart(5)} / ${v.prompts}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
