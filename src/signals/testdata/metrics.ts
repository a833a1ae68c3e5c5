/** Precision/recall of the signal classifiers over labelled prompts (test and benchmark helper). */
import type { NormalizedRequest } from '../../exchange/normalize.js';
import { classifyCapability } from '../capability.js';
import { detectCensorshipRewrite } from '../censorship.js';
import { detectCot } from '../cot.js';
import { detectGrading } from '../grading.js';
import { classifierText } from '../text.js';
import type { Capability } from '../types.js';
import type { BinaryLabel, LabelledPrompt } from './labelled.js';

export const THRESHOLD = 0.5;

export interface Prediction {
  prompt: LabelledPrompt;
  scores: Record<BinaryLabel, number>;
  capability: Capability;
}

export function predict(p: LabelledPrompt): Prediction {
  const text = classifierText(p.text, p.system);
  return {
    prompt: p,
    scores: { cot: detectCot(text, { agentic: p.tools.length > 0 }).score, grading: detectGrading(text), censorship: detectCensorshipRewrite(text) },
    capability: classifyCapability({ text, toolNames: p.tools, images: p.images, toolTurns: 0 }),
  };
}

export interface Pr {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
}

function pr(tp: number, fp: number, fn: number, tn: number): Pr {
  return { tp, fp, fn, tn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function binaryPr(preds: readonly Prediction[], label: BinaryLabel): Pr {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const p of preds) {
    const yes = p.scores[label] >= THRESHOLD;
    const truth = p.prompt.pos.has(label);
    if (yes && truth) tp++;
    else if (yes) fp++;
    else if (truth) fn++;
    else tn++;
  }
  return pr(tp, fp, fn, tn);
}

export function capabilityPr(preds: readonly Prediction[], capability: Capability): Pr {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const p of preds) {
    if (p.prompt.capability === undefined) continue;
    const yes = p.capability === capability;
    const truth = p.prompt.capability === capability;
    if (yes && truth) tp++;
    else if (yes) fp++;
    else if (truth) fn++;
    else tn++;
  }
  return pr(tp, fp, fn, tn);
}

export function capabilityAccuracy(preds: readonly Prediction[]): { correct: number; total: number } {
  let correct = 0;
  let total = 0;
  for (const p of preds) {
    if (p.prompt.capability === undefined) continue;
    total++;
    if (p.capability === p.prompt.capability) correct++;
  }
  return { correct, total };
}

/** A normalised request carrying only what the classifiers read (used by benches). */
export type ClassifierRequest = Pick<NormalizedRequest, 'lastUserText' | 'system' | 'toolNames' | 'images'>;
