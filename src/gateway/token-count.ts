/**
 * Token counts for exchanges whose upstream reported no `usage` (e.g. streams without include_usage), counted with
 * gpt-tokenizer's o200k encoding: an estimate for other tokenizers, but consistent across accounts. Bounded so that
 * no text can stall the gateway: gpt-tokenizer's merge step is superlinear in the length of a run without spaces
 * (200 KB of "a" took 47 s, 50,000 CJK characters 79 s), so long runs are cut into pieces of `MAX_RUN` characters,
 * and only the first `EXACT_CHARS` characters of a text are counted; the rest is extrapolated at the rate measured
 * on them. Even so, random text costs the tokenizer 2 to 10 us a character, so the gateway counts in a worker thread
 * (`TokenCountWorker`), never on its event loop.
 */
import { countTokens } from 'gpt-tokenizer';
import type { NormalizedRequest } from '../exchange/normalize.js';

/**
 * Characters counted exactly per text (and per prompt): at most 30 to 150 ms of the worker's time on hostile random
 * text, a few ms on prose; texts longer than this are rare and their count is an estimate anyway.
 */
export const EXACT_CHARS = 16_384;
/** Longest run without whitespace tokenized in one piece: runs of 100 tokenize in linear time, 10,000 do not. */
const MAX_RUN = 100;
/** Tokens per character assumed before anything was counted (English averages about 4 characters a token). */
export const DEFAULT_TOKENS_PER_CHAR = 0.25;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'g');

/** Exact count, except that runs longer than MAX_RUN are counted in MAX_RUN pieces (off by a token or so per cut). */
function countInPieces(text: string): number {
  let n = 0;
  let from = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    if (m.index > from) n += countTokens(text.slice(from, m.index));
    for (let i = 0; i < m[0].length; i += MAX_RUN) n += countTokens(m[0].slice(i, i + MAX_RUN));
    from = m.index + m[0].length;
  }
  if (from < text.length) n += countTokens(from === 0 ? text : text.slice(from));
  return n;
}

/**
 * Prompt texts repeat: a deployment's system prompt comes with every request, and each turn of a conversation is
 * sent again with every later turn. Their counts are kept (the most recently used, texts up to MEMO_CHARS), so the
 * thread tokenizes a repeated text once. Answers are not kept: they rarely repeat.
 */
const MEMO_CHARS = 4096;
const MEMO_ENTRIES = 2000;
const memo = new Map<string, number>();

/** `countInPieces`, remembered for prompt texts short enough to keep. */
export function countPromptText(text: string): number {
  if (text.length > MEMO_CHARS) return countInPieces(text);
  const known = memo.get(text);
  if (known !== undefined) {
    memo.delete(text);
    memo.set(text, known);
    return known;
  }
  const n = countInPieces(text);
  memo.set(text, n);
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  return n;
}

/** Counts several texts against one budget of exactly counted characters, estimating beyond it. */
export class TokenBudget {
  private exactLeft: number;
  private countedChars = 0;
  private countedTokens = 0;

  constructor(
    exactChars = EXACT_CHARS,
    private readonly counter: (text: string) => number = countInPieces,
  ) {
    this.exactLeft = exactChars;
  }

  /** Tokens of `text`; `length` is the full text's length when only its head was passed. */
  count(text: string, length = text.length): number {
    if (length === 0) return 0;
    const exactPart = Math.min(text.length, this.exactLeft);
    let n = 0;
    if (exactPart > 0) {
      n = this.counter(exactPart === text.length ? text : text.slice(0, exactPart));
      this.exactLeft -= exactPart;
      this.countedChars += exactPart;
      this.countedTokens += n;
    }
    const rest = length - exactPart;
    if (rest > 0) {
      const rate = this.countedChars > 0 ? this.countedTokens / this.countedChars : DEFAULT_TOKENS_PER_CHAR;
      n += Math.round(rest * rate);
    }
    return n;
  }
}

export function countTextTokens(text: string): number {
  return new TokenBudget().count(text);
}

/** Tokens of everything the model reads as text: system prompt and all turns. */
export function countPromptTokens(req: NormalizedRequest): number {
  const budget = new TokenBudget(EXACT_CHARS, countPromptText);
  let n = budget.count(req.system);
  for (const turn of req.turns) n += budget.count(turn.text);
  return n;
}

/** A text to count, cut to what will be counted exactly (`head`), with its full length for the extrapolation. */
export interface SizedText {
  head: string;
  length: number;
}

/** What one exchange needs counted: the prompt's texts, and the response's text and reasoning. */
export interface TokenCountJob {
  prompt: SizedText[];
  text: SizedText;
  reasoning: SizedText;
}

export interface TokenCounts {
  input: number;
  text: number;
  reasoning: number;
}

const sized = (text: string, room = EXACT_CHARS): SizedText => ({ head: text.length > room ? text.slice(0, room) : text, length: text.length });

/** The job for a prompt's texts and a response, cut so that only what will be counted exactly is copied. */
export function tokenCountJob(prompt: readonly string[], text: string, reasoning: string): TokenCountJob {
  let room = EXACT_CHARS;
  const parts = prompt.map((t) => {
    const part = sized(t, room);
    room -= part.head.length;
    return part;
  });
  return { prompt: parts, text: sized(text), reasoning: sized(reasoning) };
}

/** Counts a job (in the worker; directly only in tests and when no worker is used). */
export function countJob(job: TokenCountJob): TokenCounts {
  const prompt = new TokenBudget(EXACT_CHARS, countPromptText);
  let input = 0;
  for (const part of job.prompt) input += prompt.count(part.head, part.length);
  return {
    input,
    text: new TokenBudget().count(job.text.head, job.text.length),
    reasoning: new TokenBudget().count(job.reasoning.head, job.reasoning.length),
  };
}

/** A count from lengths alone, for when the worker is saturated or gone. */
export function estimateJob(job: TokenCountJob): TokenCounts {
  const est = (t: SizedText) => Math.round(t.length * DEFAULT_TOKENS_PER_CHAR);
  return { input: job.prompt.reduce((n, p) => n + est(p), 0), text: est(job.text), reasoning: est(job.reasoning) };
}
