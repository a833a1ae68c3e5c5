/**
 * Puts the account's watermark into a response text: at every site (a word or phrase with interchangeable
 * variants), the variant the account's key picks for that context replaces the one the model wrote.
 * The meaning is unchanged; the pattern of choices names the account to whoever holds the master secret.
 */
import { writeCanaries } from './canaries.js';
import { keyedChoice, keyedOffset } from './keys.js';
import { MARK_BUCKETS, MARK_FAMILIES, scanMarks } from './marks.js';
import { ContextWindow, contextBucket, scanText } from './scan.js';
import { defaultVariantTable, type VariantTable } from './table.js';

export interface WatermarkOptions {
  table?: VariantTable;
  /** The keying context; must match at verification. */
  context?: Partial<ContextOptions>;
  /** Also write the form channel (punctuation and typography, marks.ts); default true. */
  marks?: boolean;
  /** Also write the canary channel (keyed names, canaries.ts); default true. */
  canaries?: boolean;
}

export interface ContextOptions {
  /** How many words form the context. */
  words: number;
  /** How many words between the context and the site (0: the previous word; 1: the word before it). */
  skip: number;
  /** Contexts folded into this many buckets per group (0: every context its own pick). */
  buckets: number;
  /**
   * `cyclic`: one keyed offset per group, bucket b gets variant (offset + b) mod |variants|, so the buckets of a
   * group use different variants and the group's overall usage barely moves; `independent`: one keyed pick per
   * (group, context).
   */
  assignment: 'cyclic' | 'independent';
}

/**
 * The context of a site is the previous word, folded into 12 buckets; the buckets of a group are taken |variants|
 * at a time (a cycle: 6 pairs for two variants, 4 triples for three), the key draws one offset per cycle, and the
 * buckets of a cycle get different variants ("use" after the words of one bucket, "utilize" after those of its
 * partner). A word-trigram student learns it whether it uses its trigram or backs off to its bigram (both condition
 * on the previous word); each draw gives every marked site of many contexts the same consistent bias, so 5% of the
 * training text shifts the student's usage measurably; and since the buckets of a cycle move in opposite
 * directions, the group's overall usage barely changes and the verifier can use it as the baseline without a
 * shipped frequency table. Several cycles per group give short leaked texts enough independent draws. Chosen by
 * the measurements in bench/watermark (docs/enforcement.md): stronger than independent picks per context bucket
 * and than keying on the word before the previous word (which a backed-off student forgets).
 */
export const DEFAULT_CONTEXT: ContextOptions = { words: 1, skip: 0, buckets: 12, assignment: 'cyclic' };

export function contextWindow(options: Partial<ContextOptions> = {}): ContextWindow {
  const c = { ...DEFAULT_CONTEXT, ...options };
  return new ContextWindow(c.words, c.buckets, c.skip);
}

/** Whether picks follow the cyclic assignment (needs folded contexts) under these options. */
export function isCyclic(options: Partial<ContextOptions> = {}): boolean {
  const c = { ...DEFAULT_CONTEXT, ...options };
  return c.assignment === 'cyclic' && c.buckets > 0;
}

/** The variant `key` wants at a site of `group` whose context is the window's current one. */
export function keyedPick(key: Uint8Array, groupId: string, variants: number, context: ContextWindow, cyclic: boolean): number {
  if (!cyclic) return keyedChoice(key, groupId, context.key(), variants);
  return cyclicPick(key, groupId, context.bucket(), variants);
}

/** The cyclic assignment: bucket b of cycle floor(b / |V|) gets variant (offset(cycle) + b mod |V|) mod |V|. */
export function cyclicPick(key: Uint8Array, groupId: string, bucket: number, variants: number): number {
  return (keyedOffset(key, groupId, Math.floor(bucket / variants), variants) + (bucket % variants)) % variants;
}

/** The keying id of a form family (apart from every lexical group id, which is a lower-case word). */
export const markGroupId = (family: number) => `mark:${MARK_FAMILIES[family]!.id}`;

/** Writes the form channel: at every form site, the form the key picks for its context, where it may be written. */
export function watermarkMarks(text: string, accountKey: Uint8Array, table: VariantTable = defaultVariantTable()): string {
  let out = '';
  let cursor = 0;
  for (const site of scanMarks(text, table)) {
    const chosen = cyclicPick(accountKey, markGroupId(site.family), contextBucket(site.context, MARK_BUCKETS), 2);
    const replacement = site.replacements[chosen];
    if (chosen === site.variant || replacement == null) continue;
    out += text.slice(cursor, site.start) + replacement;
    cursor = site.end;
  }
  return out + text.slice(cursor);
}

/** `replacement` in the case of `original` (all capitals, a capital initial, or as is; "i" as a word is "I"). */
export function matchCase(original: string, replacement: string): string {
  let out = replacement;
  if (original.length > 1 && original === original.toUpperCase() && /[A-Z]/.test(original[1] ?? ''))
    out = out.toUpperCase();
  else if (/^[A-Z]/.test(original)) out = out[0]!.toUpperCase() + out.slice(1);
  return out.replace(/^i(?=[ '])/, 'I');
}

/**
 * Returns `text` with the watermark of `accountKey` (see `deriveAccountKey`): the canaries (renamed people), then
 * the lexical channel, then the form channel (its contexts are canonical words, so the lexical choices do not move
 * them). Code spans are untouched.
 */
export function watermarkText(text: string, accountKey: Uint8Array, options: WatermarkOptions = {}): string {
  const table = options.table ?? defaultVariantTable();
  const named = options.canaries === false ? text : writeCanaries(text, accountKey);
  const lexical = watermarkWords(named, accountKey, table, options.context);
  return options.marks === false ? lexical : watermarkMarks(lexical, accountKey, table);
}

function watermarkWords(text: string, accountKey: Uint8Array, table: VariantTable, contextOptions?: Partial<ContextOptions>): string {
  const context = contextWindow(contextOptions);
  const cyclic = isCyclic(contextOptions);
  let out = '';
  let cursor = 0;
  for (const item of scanText(text, table)) {
    if (item.kind === 'word') {
      context.push([item.lower]);
      continue;
    }
    const variants = table.groups[item.group]!;
    const chosen = keyedPick(accountKey, table.groupIds[item.group]!, variants.length, context, cyclic);
    const replacement = variants[chosen]!;
    if (chosen !== item.variant) {
      out += text.slice(cursor, item.start) + matchCase(text.slice(item.start, item.end), replacement);
      cursor = item.end;
    }
    context.push(replacement.split(' '));
  }
  return out + text.slice(cursor);
}
