/**
 * Prompt sources: the embedded generators (always available, English and Chinese) and, when the caller passes a
 * directory of public prompt sets (MT-Bench, Vicuna, awesome-chatgpt-prompts, GSM8K, HumanEval, Code Alpaca,
 * self-instruct), real prompts drawn from it. Benign users, evaluation runners and attackers all draw from the
 * same sources, as they do in reality: a benchmark question is never evidence by itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Rng } from '../rng.js';
import {
  CHAT_OPENERS_EN, CHAT_OPENERS_ZH, CHAT_TOPICS_EN, CHAT_TOPICS_ZH, CODE_TASKS_EN, CODE_TASKS_ZH, LANGUAGES, LIBRARIES,
  NAMES, PRODUCTS, SCIENCE_QUESTIONS_EN, SUBJECTS,
} from './vocab.js';

export interface Corpus {
  /** General instructions and questions people ask. */
  chat: string[];
  /** Programming requests. */
  code: string[];
  /** Grade-school math word problems. */
  math: string[];
  /** Function stubs to complete. */
  stubs: string[];
  /** Multi-turn benchmark questions (first turn, second turn). */
  multiTurn: string[][];
  /** Where the prompts came from ('embedded' or the directory). */
  source: string;
}

/** An empty corpus: every draw falls back to the embedded generators. */
export function embeddedCorpus(): Corpus {
  return { chat: [], code: [], math: [], stubs: [], multiTurn: [], source: 'embedded' };
}

const MAX_CHARS = 900;
const clip = (s: string) => (s.length > MAX_CHARS ? s.slice(0, MAX_CHARS) : s);

function jsonl(path: string): Record<string, unknown>[] {
  const raw = path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8');
  return raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** RFC 4180 CSV rows (quoted fields, doubled quotes, newlines in quotes); rows may differ in length. */
export function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true }) as string[][];
}

/** Loads whichever known prompt sets exist in `dir`; files that are absent are skipped. */
export function loadCorpus(dir: string): Corpus {
  const c = embeddedCorpus();
  c.source = dir;
  const f = (name: string) => join(dir, name);
  if (existsSync(f('vicuna_bench_questions.jsonl')))
    for (const r of jsonl(f('vicuna_bench_questions.jsonl'))) if (Array.isArray(r.turns)) c.chat.push(clip(String(r.turns[0])));
  if (existsSync(f('mt_bench_questions.jsonl')))
    for (const r of jsonl(f('mt_bench_questions.jsonl'))) if (Array.isArray(r.turns)) c.multiTurn.push(r.turns.map((t) => clip(String(t))));
  if (existsSync(f('self_instruct_seed_tasks.jsonl')))
    for (const r of jsonl(f('self_instruct_seed_tasks.jsonl'))) {
      const inst = r.instances as { input?: string }[] | undefined;
      const input = inst?.[0]?.input ? `\n\n${inst[0].input}` : '';
      c.chat.push(clip(`${String(r.instruction)}${input}`));
    }
  if (existsSync(f('awesome_chatgpt_prompts.csv'))) {
    const rows = parseCsv(readFileSync(f('awesome_chatgpt_prompts.csv'), 'utf8'));
    for (const row of rows.slice(1)) if (row[1]) c.chat.push(clip(row[1]));
  }
  if (existsSync(f('gsm8k_test.jsonl'))) for (const r of jsonl(f('gsm8k_test.jsonl'))) c.math.push(clip(String(r.question)));
  if (existsSync(f('humaneval.jsonl.gz'))) for (const r of jsonl(f('humaneval.jsonl.gz'))) c.stubs.push(clip(String(r.prompt)));
  if (existsSync(f('code_alpaca_2k.json'))) {
    const items = JSON.parse(readFileSync(f('code_alpaca_2k.json'), 'utf8')) as { instruction: string; input?: string }[];
    for (const it of items) c.code.push(clip(it.input ? `${it.instruction}\n${it.input}` : it.instruction));
  }
  return c;
}

const fill = (template: string, t: string) => template.replace('{t}', t);

/** A general question or instruction, English or Chinese. */
export function chatPrompt(rng: Rng, corpus: Corpus, zh: boolean): string {
  if (zh) return fill(rng.pick(CHAT_OPENERS_ZH), rng.pick(CHAT_TOPICS_ZH));
  if (corpus.chat.length > 0 && rng.chance(0.6)) return rng.pick(corpus.chat);
  if (rng.chance(0.15)) return rng.pick(SCIENCE_QUESTIONS_EN);
  return fill(rng.pick(CHAT_OPENERS_EN), rng.pick(CHAT_TOPICS_EN));
}

/** A programming request. */
export function codePrompt(rng: Rng, corpus: Corpus, zh: boolean): string {
  if (zh) return `用${rng.pick(LANGUAGES)}${rng.pick(CODE_TASKS_ZH)}`;
  if (corpus.code.length > 0 && rng.chance(0.6)) return rng.pick(corpus.code);
  const lang = rng.pick(LANGUAGES);
  return rng.pick([
    `In ${lang}, ${rng.pick(CODE_TASKS_EN)}.`,
    `How do I ${rng.pick(CODE_TASKS_EN)} in ${lang}?`,
    `${lang} + ${rng.pick(LIBRARIES)}: ${rng.pick(CODE_TASKS_EN)}`,
    `Write ${lang} code to ${rng.pick(CODE_TASKS_EN)}. Keep it idiomatic.`,
  ]);
}

/** A grade-school math word problem (GSM8K when available, else generated with consistent numbers). */
export function mathProblem(rng: Rng, corpus: Corpus): string {
  if (corpus.math.length > 0 && rng.chance(0.7)) return rng.pick(corpus.math);
  const name = rng.pick(NAMES).split(' ')[0]!;
  const a = rng.int(3, 40);
  const b = rng.int(2, 12);
  const c = rng.int(2, 9);
  return rng.pick([
    `${name} buys ${a} boxes of pencils with ${b} pencils in each box. She gives away ${c} pencils to each of ${b} friends. How many pencils does she have left?`,
    `A train travels ${a * 5} km in ${b} hours, then ${a * 3} km in ${c} hours. What is its average speed for the whole trip?`,
    `${name} saves $${a} every week. After ${b} weeks he spends $${c * 7} on ${rng.pick(PRODUCTS)}. How much money does he have?`,
    `A rectangle has a perimeter of ${2 * (a + b)} cm and one side of ${a} cm. What is its area?`,
    `There are ${a * c} students in a school club. ${c} of every ${c + b} are in grade 7. How many are in grade 7?`,
    `${name} reads ${b} pages on Monday and twice as many each following day. How many pages has ${name} read after ${Math.min(c, 6)} days?`,
  ]);
}

/** A Chinese math word problem (generated with consistent numbers). */
export function mathProblemZh(rng: Rng): string {
  const a = rng.int(3, 40);
  const b = rng.int(2, 12);
  const c = rng.int(2, 9);
  return rng.pick([
    `小明买了${a}盒铅笔，每盒${b}支。他送给${b}个朋友每人${c}支，还剩多少支？`,
    `一列火车${b}小时行驶了${a * 5}公里，又用${c}小时行驶了${a * 3}公里，全程的平均速度是多少？`,
    `一个长方形的周长是${2 * (a + b)}厘米，一条边长${a}厘米，面积是多少？`,
    `某班有${a * c}名学生，每${c + b}人中有${c}人参加数学竞赛，参加竞赛的有多少人？`,
    `甲每天存${a}元，${b}周后花掉${c * 7}元，还剩多少元？`,
    `已知数列的首项为${c}，公比为${Math.min(b, 5)}，求前${Math.min(c, 6)}项的和。`,
  ]);
}

/** A function stub to complete (HumanEval when available, else generated). */
export function codeStub(rng: Rng, corpus: Corpus): string {
  if (corpus.stubs.length > 0 && rng.chance(0.8)) return rng.pick(corpus.stubs);
  const fn = rng.pick(['count_vowels', 'is_palindrome', 'rolling_max', 'parse_nested_parens', 'sum_of_squares', 'below_zero', 'common_elements', 'sort_by_digit_sum']);
  return `def ${fn}(xs: list) -> int:\n    """${rng.pick(CODE_TASKS_EN)}.\n    >>> ${fn}([1, 2, 3])\n    """\n`;
}

/** A multiple-choice exam question (MMLU-like). */
export function multipleChoice(rng: Rng): string {
  const subject = rng.pick(SUBJECTS);
  const q = rng.pick(SCIENCE_QUESTIONS_EN).replace(/\?$/, '');
  return `The following is a multiple choice question about ${subject}.\n\n${q}?\nA. ${rng.pick(CHAT_TOPICS_EN)}\nB. ${rng.pick(CHAT_TOPICS_EN)}\nC. ${rng.pick(CHAT_TOPICS_EN)}\nD. none of the above\nAnswer:`;
}

/** A two-turn benchmark conversation (MT-Bench when available). */
export function multiTurn(rng: Rng, corpus: Corpus): string[] {
  if (corpus.multiTurn.length > 0) return rng.pick(corpus.multiTurn);
  return [fill(rng.pick(CHAT_OPENERS_EN), rng.pick(CHAT_TOPICS_EN)), 'Now rewrite your answer for a ten-year-old.'];
}
