/**
 * Finds the watermark sites in a text: the occurrences of a variant-table entry in running prose, each with the
 * words before it (its context). Code (fenced blocks and `inline code`) is never touched. Embedding and
 * verification walk the same scan, so a text the watermark produced yields exactly the sites it was keyed on.
 */
import type { VariantTable } from './table.js';

/** A word of prose (letters, inner apostrophes and hyphens). */
const WORD = /[A-Za-z]+(?:['\u2019][A-Za-z]+)*(?:-[A-Za-z]+)*/g;
/** Fenced code blocks and inline code: never touched by any channel. */
export const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
const INLINE_GAP = /^[ \t]+$/;

/** Words the form channel may write for a symbol ("$5" / "5 dollars", "5%" / "5 percent"; marks.ts). */
export const UNIT_WORDS: ReadonlySet<string> = new Set(['dollar', 'dollars', 'percent']);

/** The number words the form channel may write for digits (marks.ts). */
export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((w, i) => [w, String(i + 1)]),
);

export interface ScannedWord {
  kind: 'word';
  start: number;
  end: number;
  lower: string;
}

export interface ScannedSite {
  kind: 'site';
  start: number;
  end: number;
  group: number;
  /** Which variant the text uses at this site. */
  variant: number;
}

export type ScanItem = ScannedWord | ScannedSite;

interface WordSpan {
  start: number;
  end: number;
  lower: string;
}

function proseWords(text: string): WordSpan[] {
  const code: [number, number][] = [];
  for (const m of text.matchAll(CODE)) code.push([m.index, m.index + m[0].length]);
  const words: WordSpan[] = [];
  let c = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    while (c < code.length && code[c]![1] <= start) c++;
    if (c < code.length && code[c]![0] <= start) continue;
    words.push({ start, end: start + m[0].length, lower: m[0].toLowerCase().replace(/\u2019/g, "'") });
  }
  return words;
}

/** The prose words and sites of `text`, in order (longest table entry wins where phrases overlap). */
export function scanText(text: string, table: VariantTable): ScanItem[] {
  const words = proseWords(text);
  const items: ScanItem[] = [];
  for (let i = 0; i < words.length; ) {
    const entries = table.byFirstWord.get(words[i]!.lower);
    let matched = false;
    if (entries) {
      for (const entry of entries) {
        const n = entry.words.length;
        if (i + n > words.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          if (words[i + k]!.lower !== entry.words[k]) ok = false;
          else if (k > 0 && !INLINE_GAP.test(text.slice(words[i + k - 1]!.end, words[i + k]!.start))) ok = false;
        }
        if (!ok) continue;
        const end = words[i + n - 1]!.end;
        if (table.needsFollowingWord[entry.group] && !/^[ \t]+[A-Za-z]/.test(text.slice(end, end + 2))) continue;
        if (table.articleSensitive[entry.group] && i > 0 && (words[i - 1]!.lower === 'a' || words[i - 1]!.lower === 'an'))
          continue;
        items.push({ kind: 'site', start: words[i]!.start, end, group: entry.group, variant: entry.variant });
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      // Small numbers ("3" / "three"), "dollars" and "percent" are written either way by the form channel: invisible
      // as context, like digits and symbols, so writing them does not move the context of the sites after them.
      if (!NUMBER_WORDS.has(words[i]!.lower) && !UNIT_WORDS.has(words[i]!.lower))
        items.push({ kind: 'word', start: words[i]!.start, end: words[i]!.end, lower: words[i]!.lower });
      i++;
    }
  }
  return items;
}

/**
 * The context of the next site: `size` prose words, ending `skip` words before the site (after substitution),
 * optionally folded into `buckets` buckets (FNV-1a, finalised) so each keyed pick covers many contexts.
 */
export class ContextWindow {
  private readonly words: string[] = [];
  constructor(
    private readonly size: number,
    private readonly buckets = 0,
    private readonly skip = 0,
  ) {}

  push(lowerWords: readonly string[]): void {
    for (const w of lowerWords) {
      this.words.push(w);
      if (this.words.length > this.size + this.skip) this.words.shift();
    }
  }

  key(): string {
    const text = this.text();
    return this.buckets <= 0 ? text : `#${this.bucketOf(text)}`;
  }

  /** The bucket (0 .. buckets-1) of the current context; 0 when contexts are not folded. */
  bucket(): number {
    return this.buckets <= 0 ? 0 : this.bucketOf(this.text());
  }

  /**
   * The `skip` words between the context and the site (the previous word when skip is 1): not keyed, so the
   * verifier may compare a site only with sites that follow the same words.
   */
  gap(): string {
    return this.skip > 0 ? this.words.slice(Math.max(0, this.words.length - this.skip)).join(' ') : '';
  }

  private text(): string {
    const used = this.words.slice(0, Math.max(0, this.words.length - this.skip));
    return used.length ? used.join(' ') : '^';
  }

  private bucketOf(text: string): number {
    return contextBucket(text, this.buckets);
  }
}

/** The bucket (0 .. buckets-1) of a context string: FNV-1a, finalised. */
export function contextBucket(text: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // murmur3 finalizer: FNV-1a's low bits alone are weak (its lowest bit is a parity of the characters).
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) % buckets;
}

/** A prose word in its canonical lexical form (a site's group's first variant), with where it ends in the text. */
export interface CanonicalWord {
  end: number;
  word: string;
}

/**
 * The prose words of `text` with every watermark site replaced by its group's first variant (the last word of a
 * phrase): what the text reads as whatever the lexical channel chose.
 */
export function canonicalWords(text: string, table: VariantTable): CanonicalWord[] {
  const out: CanonicalWord[] = [];
  for (const item of scanText(text, table)) {
    if (item.kind === 'word') out.push({ end: item.end, word: item.lower });
    else out.push({ end: item.end, word: table.groups[item.group]![0]!.split(' ').at(-1)! });
  }
  return out;
}
