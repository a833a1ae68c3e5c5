/**
 * The public prompt sets the independent source draws from, read with its own parsers from the folder that
 * `src/sim/corpora-path.ts` names (GSM8K, HumanEval, Code Alpaca, MT-Bench, Vicuna, self-instruct, awesome prompts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
// A plain CSV reader, not a generator or a phrasing: the one piece of the simulator's folder this source shares.
import { parseCsv } from '../../src/sim/text/corpus.js';

export interface PromptSets {
  math: { question: string; answer: string }[];
  functions: string[];
  codeTasks: string[];
  chats: string[];
  instructions: { instruction: string; input: string }[];
  personas: { act: string; prompt: string }[];
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);

export function loadPromptSets(dir: string): PromptSets {
  const need = (name: string): string => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new Error(`${dir}: missing ${name}`);
    return p;
  };
  const math = jsonLines(readFileSync(need('gsm8k_test.jsonl'), 'utf8')).map((r) => ({ question: String(r.question), answer: String(r.answer).split('####').pop()!.trim() }));
  const functions = jsonLines(gunzipSync(readFileSync(need('humaneval.jsonl.gz'))).toString('utf8')).map((r) => String(r.prompt));
  const alpaca = JSON.parse(readFileSync(need('code_alpaca_2k.json'), 'utf8')) as { instruction: string; input?: string }[];
  const codeTasks = alpaca.map((r) => (r.input ? `${r.instruction}\n${r.input}` : r.instruction));
  const chats = [
    ...jsonLines(readFileSync(need('mt_bench_questions.jsonl'), 'utf8')).map((r) => String((r.turns as string[])[0])),
    ...jsonLines(readFileSync(need('vicuna_bench_questions.jsonl'), 'utf8')).map((r) => String((r.turns as string[])[0])),
  ];
  const instructions = jsonLines(readFileSync(need('self_instruct_seed_tasks.jsonl'), 'utf8')).map((r) => ({
    instruction: String(r.instruction),
    input: String((r.instances as { input: string }[])[0]?.input ?? ''),
  }));
  const personas = parseCsv(readFileSync(need('awesome_chatgpt_prompts.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length >= 2 && r[1]!.length > 40)
    .map((r) => ({ act: r[0]!, prompt: r[1]! }));
  return { math, functions, codeTasks, chats, instructions, personas };
}
