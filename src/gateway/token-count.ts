/**
 * Token counts for exchanges whose upstream reported no `usage` (e.g. streams without include_usage), counted with
 * gpt-tokenizer's o200k encoding: an estimate for other tokenizers, but consistent across accounts. Bounded so that
 * no text can stall the gateway: gpt-tokenizer's merge step is superlinear in the length of a run without spaces
 * (200 KB of "a" took 47 s, 50,000 CJK characters 79 s), so long runs are cut into pieces of `MAX_RUN` characters,
 * and only the first `EXACT_CHARS` characters of a text are counted; the rest is extrapolated at the rate measured
 * on them.
 */
import { countTokens } from 'gpt-tokenizer';
import type { NormalizedRequest } from '../exchange/normalize.js';

/**
 * Characters counted exactly per text (and per prompt): about 1 to 15 ms of tokenizing here, so a request in flight
 * never holds the event loop long; texts longer than this are rare and their count is an estimate anyway.
 */
export const EXACT_CHARS = 32_768;
/** Longest run without whitespace tokenized in one piece: runs of 100 tokenize in linear time, 10,000 do not. */
const MAX_RUN = 100;
/** Tokens per character assumed before anything was counted (English averages about 4 characters a token). */
const DEFAULT_RATE = 0.25;
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

/** Counts several texts against one budget of exactly counted characters, estimating beyond it. */
export class TokenBudget {
  private exactLeft: number;
  private countedChars = 0;
  private countedTokens = 0;

  constructor(exactChars = EXACT_CHARS) {
    this.exactLeft = exactChars;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    const exactPart = Math.min(text.length, this.exactLeft);
    let n = 0;
    if (exactPart > 0) {
      n = countInPieces(exactPart === text.length ? text : text.slice(0, exactPart));
      this.exactLeft -= exactPart;
      this.countedChars += exactPart;
      this.countedTokens += n;
    }
    const rest = text.length - exactPart;
    if (rest > 0) {
      const rate = this.countedChars > 0 ? this.countedTokens / this.countedChars : DEFAULT_RATE;
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
  const budget = new TokenBudget();
  let n = budget.count(req.system);
  for (const turn of req.turns) n += budget.count(turn.text);
  return n;
}
