/**
 * Token counts for exchanges whose upstream reported no `usage` (e.g. streams without include_usage), counted with
 * gpt-tokenizer's o200k encoding: an estimate for other tokenizers, but consistent across accounts.
 */
import { countTokens } from 'gpt-tokenizer';
import type { NormalizedRequest } from '../exchange/normalize.js';

export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

/** Tokens of everything the model reads as text: system prompt and all turns. */
export function countPromptTokens(req: NormalizedRequest): number {
  let n = countTextTokens(req.system);
  for (const turn of req.turns) n += countTextTokens(turn.text);
  return n;
}
