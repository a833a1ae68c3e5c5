/**
 * Registered evaluation items: a provider's own benchmark item sets (MMLU, GSM8K, an internal suite), recognised in
 * prompts without keeping their text. Each item is reduced to a fingerprint: the smallest ITEM_SHINGLES hashes of its
 * word windows (SHINGLE_WORDS words, after NFKC, lower-casing and dropping punctuation; each CJK character is a
 * word). A prompt holds an item when at least MATCH_SHARE of the item's fingerprint is among the prompt's own window
 * hashes, so the harness's wrapping (few-shot examples, "Answer:", lettered choices, other whitespace) does not hide
 * it. The hashes are unkeyed, so a fingerprint file made in one deployment works in another, and it holds no
 * benchmark text (docs/formats.md, "Evaluation items file").
 */
import { combine, hashString } from './hash.js';

/** Words per window: long enough that ordinary prose rarely repeats a benchmark's window by chance. */
export const SHINGLE_WORDS = 6;
/** Window hashes kept per item. */
export const ITEM_SHINGLES = 8;
/** Shorter items ("What is 2+2?") are everywhere: they cannot be recognised as a benchmark's. */
export const MIN_ITEM_WORDS = 4;
/** Share of an item's fingerprint a prompt must hold (tolerates a harness that edits a word or two). */
export const MATCH_SHARE = 0.75;
/** Characters of a prompt read, from its end: the item under test comes last, after any few-shot examples. */
export const PROMPT_CHARS = 8000;

export interface ItemFingerprint {
  /** Words per window (SHINGLE_WORDS, or the item's length when it is shorter). */
  words: number;
  /** Window hashes, 52-bit integers, ascending. */
  hashes: number[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text as items and prompts are compared: NFKC, lower case, no punctuation, CJK per character. */
export function itemWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replace(CJK, ' $& ').match(WORD) ?? [];
}

const TWO_20 = 2 ** 20;

/** Hashes (52-bit) of every window of `width` words; empty when there are fewer words. */
export function windowHashes(words: readonly string[], width: number): number[] {
  if (words.length < width || width <= 0) return [];
  const a = words.map((w) => hashString(w, 0x2f1e9c3d));
  const b = words.map((w) => hashString(w, 0x6b43a9b5));
  const out: number[] = [];
  for (let i = 0; i + width <= words.length; i++) {
    let h1 = 0x12345678;
    let h2 = 0x7654321;
    for (let j = i; j < i + width; j++) {
      h1 = combine(h1, a[j]!);
      h2 = combine(h2, b[j]!);
    }
    out.push(h1 * TWO_20 + (h2 >>> 12));
  }
  return out;
}

/** The fingerprint of one item, or null when it has too few words to be recognisable. */
export function itemFingerprint(text: string): ItemFingerprint | null {
  const words = itemWords(text);
  if (words.length < MIN_ITEM_WORDS) return null;
  const width = Math.min(SHINGLE_WORDS, words.length);
  const hashes = [...new Set(windowHashes(words, width))].sort((x, y) => x - y).slice(0, ITEM_SHINGLES);
  return { words: width, hashes };
}

/** Hex form of a window hash in files (13 hex digits). */
export const hashToHex = (h: number): string => h.toString(16).padStart(13, '0');

/** A window hash read from a file; null when it is not 1-13 hex digits. */
export function hashFromHex(s: string): number | null {
  return /^[0-9a-f]{1,13}$/.test(s) ? parseInt(s, 16) : null;
}

/** The registered item sets of one deployment, and the matcher of prompts against them. */
export class EvalItemRegistry {
  private readonly sets: string[] = [];
  private readonly setIndex = new Map<string, number>();
  /** Per item: its set's index and fingerprint size. */
  private readonly itemSet: number[] = [];
  private readonly itemSize: number[] = [];
  /** Window hash -> the items whose fingerprint holds it. */
  private readonly postings = new Map<number, number | number[]>();
  /** Window widths in use (SHINGLE_WORDS, and the lengths of shorter items). */
  private readonly widths = new Set<number>();
  /** Fingerprints already registered (the same item twice, or in two files, counts once). */
  private readonly seen = new Set<string>();

  get size(): number {
    return this.itemSet.length;
  }

  /** Names of the registered sets, in order of registration. */
  setNames(): readonly string[] {
    return this.sets;
  }

  /** Items per set, in order of registration. */
  setSizes(): [string, number][] {
    const n = new Array<number>(this.sets.length).fill(0);
    for (const s of this.itemSet) n[s]!++;
    return this.sets.map((name, i) => [name, n[i]!]);
  }

  /** Registers one item's text; false when it is too short to recognise. */
  addText(set: string, text: string): boolean {
    const fp = itemFingerprint(text);
    if (fp === null) return false;
    this.addFingerprint(set, fp);
    return true;
  }

  /** Registers one item by its fingerprint (a hashed file). */
  addFingerprint(set: string, fp: ItemFingerprint): void {
    if (fp.hashes.length === 0 || !(fp.words >= 1)) throw new Error('an item fingerprint needs at least one hash and a window width');
    const key = `${fp.words}:${fp.hashes.join(',')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let s = this.setIndex.get(set);
    if (s === undefined) {
      s = this.sets.length;
      this.sets.push(set);
      this.setIndex.set(set, s);
    }
    const item = this.itemSet.length;
    this.itemSet.push(s);
    const hashes = [...new Set(fp.hashes)];
    this.itemSize.push(hashes.length);
    this.widths.add(fp.words);
    for (const h of hashes) {
      const prev = this.postings.get(h);
      if (prev === undefined) this.postings.set(h, item);
      else if (typeof prev === 'number') this.postings.set(h, [prev, item]);
      else prev.push(item);
    }
  }

  /** The set of the registered item a prompt holds (the best covered one), or null. */
  match(prompt: string): string | null {
    if (this.itemSet.length === 0) return null;
    const words = itemWords(prompt.length > PROMPT_CHARS ? prompt.slice(prompt.length - PROMPT_CHARS) : prompt);
    const hits = new Map<number, number>();
    for (const width of this.widths)
      for (const h of new Set(windowHashes(words, width))) {
        const items = this.postings.get(h);
        if (items === undefined) continue;
        if (typeof items === 'number') hits.set(items, (hits.get(items) ?? 0) + 1);
        else for (const i of items) hits.set(i, (hits.get(i) ?? 0) + 1);
      }
    let best = -1;
    let bestCover = 0;
    for (const [item, n] of hits) {
      const cover = n / this.itemSize[item]!;
      if (cover > bestCover) {
        best = item;
        bestCover = cover;
      }
    }
    return best >= 0 && bestCover >= MATCH_SHARE ? this.sets[this.itemSet[best]!]! : null;
  }
}
