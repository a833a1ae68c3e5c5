/**
 * Labelled prompts for measuring the signal classifiers: hand-written positives and hard negatives kept beside this
 * file (`dev.jsonl` for building rules, `eval.jsonl` held out), plus real prompt corpora (benchmarks, instruction
 * sets, role prompts) read from a directory the caller names. Test and benchmark helper only: product code never
 * reads corpora. Corpora rows are split in two halves by a hash of their text: `dev` (looked at while writing
 * rules) and `heldout` (only measured). Corpus prompts are negatives, except the few listed in
 * `corpus-relabel.jsonl`: prompts that, on review, explicitly ask for the behaviour (each with the reason).
 */
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { hashString } from '../hash.js';
import type { Capability } from '../types.js';
import { parseCsv } from '../../sim/text/corpus.js';

export type BinaryLabel = 'cot' | 'grading' | 'censorship';
export type Split = 'dev' | 'heldout';

export interface LabelledPrompt {
  source: string;
  split: Split;
  text: string;
  system: string;
  /** Binary classifiers for which this prompt is a positive; it is a negative for the others. */
  pos: ReadonlySet<BinaryLabel>;
  /** Expected capability, when known. */
  capability?: Capability;
  tools: string[];
  images: number;
  /** A corpus prompt whose label was changed by review (corpus-relabel.jsonl). */
  relabelled?: boolean;
}

interface HandRow {
  text: string;
  system?: string;
  pos: BinaryLabel[];
  capability?: Capability;
  tools?: string[];
  images?: number;
}

const here = new URL('.', import.meta.url).pathname;

function handWritten(file: string, split: Split): LabelledPrompt[] {
  return readFileSync(join(here, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const r = JSON.parse(l) as HandRow;
      return {
        source: file,
        split,
        text: r.text,
        system: r.system ?? '',
        pos: new Set(r.pos),
        ...(r.capability ? { capability: r.capability } : {}),
        tools: r.tools ?? [],
        images: r.images ?? 0,
      };
    });
}


const jsonl = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const MT_BENCH: Record<string, Capability> = {
  writing: 'writing',
  roleplay: 'chat',
  reasoning: 'math_reasoning',
  math: 'math_reasoning',
  coding: 'coding',
  extraction: 'data_analysis',
  stem: 'chat',
  humanities: 'chat',
};
const VICUNA: Record<string, Capability> = {
  generic: 'chat',
  knowledge: 'chat',
  roleplay: 'chat',
  'common-sense': 'chat',
  fermi: 'math_reasoning',
  counterfactual: 'chat',
  coding: 'coding',
  math: 'math_reasoning',
  writing: 'writing',
};

function corpusPrompt(source: string, text: string, capability?: Capability): LabelledPrompt {
  return {
    source,
    split: (hashString(text, 0xc0de) & 1) === 0 ? 'dev' : 'heldout',
    text,
    system: '',
    pos: new Set(),
    ...(capability ? { capability } : {}),
    tools: [],
    images: 0,
  };
}

interface Relabel {
  source: string;
  prefix: string;
  pos: BinaryLabel[];
}

function applyRelabels(prompts: LabelledPrompt[]): LabelledPrompt[] {
  const relabels = readFileSync(join(here, 'corpus-relabel.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Relabel);
  return prompts.map((p) => {
    const r = relabels.find((x) => x.source === p.source && p.text.trimStart().startsWith(x.prefix));
    return r ? { ...p, pos: new Set(r.pos), relabelled: true } : p;
  });
}

/** Prompts of the real corpora in `dir` (negatives for the binary classifiers, but for reviewed relabels), with capabilities where known. */
export function corpusPrompts(dir: string): LabelledPrompt[] {
  return applyRelabels(readCorpora(dir));
}

function readCorpora(dir: string): LabelledPrompt[] {
  const out: LabelledPrompt[] = [];
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  if (existsSync(join(dir, 'awesome_chatgpt_prompts.csv'))) {
    const rows = parseCsv(read('awesome_chatgpt_prompts.csv'));
    const col = rows[0]!.indexOf('prompt');
    for (const r of rows.slice(1)) if (r[col]) out.push(corpusPrompt('awesome_chatgpt_prompts', r[col]!));
  }
  if (existsSync(join(dir, 'code_alpaca_2k.json'))) {
    for (const r of JSON.parse(read('code_alpaca_2k.json')) as { instruction: string; input: string }[])
      out.push(corpusPrompt('code_alpaca', r.input ? `${r.instruction}\n${r.input}` : r.instruction, 'coding'));
  }
  if (existsSync(join(dir, 'gsm8k_test.jsonl')))
    for (const r of jsonl(read('gsm8k_test.jsonl'))) out.push(corpusPrompt('gsm8k', String(r.question), 'math_reasoning'));
  if (existsSync(join(dir, 'humaneval.jsonl.gz')))
    for (const r of jsonl(gunzipSync(readFileSync(join(dir, 'humaneval.jsonl.gz'))).toString('utf8')))
      out.push(corpusPrompt('humaneval', String(r.prompt), 'coding'));
  if (existsSync(join(dir, 'mt_bench_questions.jsonl')))
    for (const r of jsonl(read('mt_bench_questions.jsonl'))) {
      const turns = r.turns as string[];
      out.push(corpusPrompt('mt_bench', turns[0]!, MT_BENCH[String(r.category)]));
      for (const t of turns.slice(1)) out.push(corpusPrompt('mt_bench_followup', t));
    }
  if (existsSync(join(dir, 'self_instruct_seed_tasks.jsonl')))
    for (const r of jsonl(read('self_instruct_seed_tasks.jsonl'))) {
      const input = (r.instances as { input: string }[])[0]?.input ?? '';
      const text = input ? `${String(r.instruction)}\n${input}` : String(r.instruction);
      out.push(corpusPrompt('self_instruct', text, r.is_classification === true ? 'classification' : undefined));
    }
  if (existsSync(join(dir, 'vicuna_bench_questions.jsonl')))
    for (const r of jsonl(read('vicuna_bench_questions.jsonl')))
      out.push(corpusPrompt('vicuna', (r.turns as string[])[0]!, VICUNA[String(r.category)]));
  return out;
}

/** Hand-written examples: `dev.jsonl` (used while writing rules) and `eval.jsonl` (held out). */
export function handWrittenPrompts(): LabelledPrompt[] {
  return [...handWritten('dev.jsonl', 'dev'), ...handWritten('eval.jsonl', 'heldout')];
}
