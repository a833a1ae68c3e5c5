/**
 * Puts the account's watermark into a response text: at every site (a word or phrase with interchangeable
 * variants), the variant the account's key picks for that context replaces the one the model wrote.
 * The meaning is unchanged; the pattern of choices names the account to whoever holds the master secret.
 */
import { keyedChoice } from './keys.js';
import { ContextWindow, scanText } from './scan.js';
import { defaultVariantTable, type VariantTable } from './table.js';

export interface WatermarkOptions {
  table?: VariantTable;
  /** The keying context; must match at verification. */
  context?: Partial<ContextOptions>;
}

export interface ContextOptions {
  /** How many words form the context. */
  words: number;
  /** How many words between the context and the site (1: the word before the previous word). */
  skip: number;
  /** Contexts folded into this many buckets per group (0: every context its own pick). */
  buckets: number;
}

/**
 * The context of a site is the word before the previous word, folded into 16 buckets per group. A word-trigram
 * student learns it (it conditions on both words), it varies less with grammar than the adjacent word ("to use"),
 * and each keyed pick covers many contexts, so a student trained on a small share of watermarked text shifts every
 * bucket a little and the verifier compares buckets of one group against each other. Chosen by the measurements
 * in bench/watermark (stronger than one pick per adjacent word).
 */
export const DEFAULT_CONTEXT: ContextOptions = { words: 1, skip: 1, buckets: 16 };

export function contextWindow(options: Partial<ContextOptions> = {}): ContextWindow {
  const c = { ...DEFAULT_CONTEXT, ...options };
  return new ContextWindow(c.words, c.buckets, c.skip);
}

function matchCase(original: string, replacement: string): string {
  let out = replacement;
  if (original.length > 1 && original === original.toUpperCase() && /[A-Z]/.test(original[1] ?? ''))
    out = out.toUpperCase();
  else if (/^[A-Z]/.test(original)) out = out[0]!.toUpperCase() + out.slice(1);
  return out.replace(/^i(?=[ '])/, 'I');
}

/** Returns `text` with the watermark of `accountKey` (see `deriveAccountKey`). Code spans are left untouched. */
export function watermarkText(text: string, accountKey: Uint8Array, options: WatermarkOptions = {}): string {
  const table = options.table ?? defaultVariantTable();
  const context = contextWindow(options.context);
  let out = '';
  let cursor = 0;
  for (const item of scanText(text, table)) {
    if (item.kind === 'word') {
      context.push([item.lower]);
      continue;
    }
    const variants = table.groups[item.group]!;
    const chosen = keyedChoice(accountKey, table.groupIds[item.group]!, context.key(), variants.length);
    const replacement = variants[chosen]!;
    if (chosen !== item.variant) {
      out += text.slice(cursor, item.start) + matchCase(text.slice(item.start, item.end), replacement);
      cursor = item.end;
    }
    context.push(replacement.split(' '));
  }
  return out + text.slice(cursor);
}
