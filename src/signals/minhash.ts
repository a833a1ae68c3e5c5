/**
 * Keyed bottom-k MinHash over word shingles (unigrams and bigrams; each CJK character is a word): a fixed-size
 * fingerprint of a prompt template whose overlap with another estimates the Jaccard similarity of their shingle
 * sets. The key is secret to the deployment so sketches cannot be gamed offline.
 */
import { combines as importedCombines, fmix32s as importedFmix32s } from './hash.js';

// Local bindings: under a transpiler that turns ESM imports into getters, each call of an imported function in the
// tokenizer loop would cost a getter call.
const fmix32s = importedFmix32s;
const combines = importedCombines;

/** Number of minimum hashes kept (estimate error about 1/sqrt(k)). */
export const SKETCH_SIZE = 64;
/** Default key of the sketch hash; a deployment can pass its own. */
export const DEFAULT_SKETCH_KEY = 0x5eed_1dea;

const isWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7);
const isCjk = (c: number) => (c >= 0x3040 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
/** Characters after which a capitalised word starts a sentence rather than naming something. */
const isSentenceEnd = (c: number) => c === 46 || c === 33 || c === 63 || c === 10 || c === 58 || c === 0x3002 || c === 0xff1a;

/** Character classes of every UTF-16 code unit, looked up once per character by the tokenizer. */
const WORD = 1;
const UPPER = 2;
const DIGIT = 4;
const SENTENCE_END = 8;
const CJK = 16;
const LOWER = 32;
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++)
  CLASS[c] =
    (isWordChar(c) ? WORD : 0) |
    (c >= 65 && c <= 90 ? UPPER : 0) |
    (c >= 48 && c <= 57 ? DIGIT : 0) |
    (isSentenceEnd(c) ? SENTENCE_END : 0) |
    (isCjk(c) ? CJK : 0) |
    (c >= 97 && c <= 122 ? LOWER : 0);

/** Most shingles considered per text (the template text is capped, so this is rarely reached). */
const MAX_SHINGLES = 2048;

/**
 * Bottom-k selection without sorting every shingle: a set of the hashes already offered (open addressing, cleared
 * by a generation stamp) drops repeats, and a max-heap keeps the k smallest distinct values. Hashes stay signed
 * 32-bit integers in the loop (no boxing); the heap holds them with the sign bit flipped, so that signed order is
 * the unsigned order of the published sketch.
 */
const SEEN_BITS = 12;
const SEEN_MASK = (1 << SEEN_BITS) - 1;
const seenKeys = new Int32Array(1 << SEEN_BITS);
const seenStamp = new Int32Array(1 << SEEN_BITS);
let stamp = 0;
let heap = new Int32Array(SKETCH_SIZE);

/**
 * Offers one hash (sign bit already flipped) to the max-heap `hp` holding `size` of at most `cap` values; returns the
 * new size. Values already offered in this generation (`st`) are dropped. Everything it touches is passed in or
 * constant, so V8 inlines it into the tokenizer loop without context loads.
 */
function offer(hp: Int32Array, size: number, cap: number, h: number, st: number): number {
  if (size === cap && h >= hp[0]!) return size;
  for (let i = Math.imul(h, 0x9e3779b1) >>> (32 - SEEN_BITS); ; i = (i + 1) & SEEN_MASK) {
    if (seenStamp[i] !== st) {
      seenStamp[i] = st;
      seenKeys[i] = h;
      break;
    }
    if (seenKeys[i] === h) return size;
  }
  if (size < cap) {
    let i = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = hp[parent]!;
      if (p >= h) break;
      hp[i] = p;
      i = parent;
    }
    hp[i] = h;
    return size + 1;
  }
  // Replace the largest kept value and sift down.
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && hp[r]! > hp[l]! ? r : l;
    const v = hp[c]!;
    if (v <= h) break;
    hp[i] = v;
    i = c;
  }
  hp[i] = h;
  return size;
}

/** Writes the `n` kept values to `out` ascending (as unsigned); returns `n`. The native sort beats draining the heap. */
function drainSorted(hp: Int32Array, n: number, out: Uint32Array, offset: number): number {
  const sorted = hp.subarray(0, n).sort();
  for (let i = 0; i < n; i++) out[offset + i] = (sorted[i]! ^ 0x80000000) >>> 0;
  return n;
}

/**
 * Bottom-k sketch of the shingles of a prompt template: the `k` smallest distinct keyed shingle hashes, ascending.
 * The tokenizer folds case, turns every number into one placeholder word and every capitalised word inside a
 * sentence (a name) into another, so payload numbers and names do not change the sketch. Empty text gives an
 * empty sketch.
 */
export function sketchText(text: string, key = DEFAULT_SKETCH_KEY, k = SKETCH_SIZE): Uint32Array {
  const out = new Uint32Array(k);
  const n = sketchInto(text, out, 0, key, k);
  return n === k ? out : out.slice(0, n);
}

/**
 * `sketchText` written into `out` from `offset` (which must have room for `k` values); returns the sketch length.
 * Lets a caller put several sketches in one buffer: small typed arrays each cost a backing-store allocation.
 */
export function sketchInto(text: string, out: Uint32Array, offset: number, key = DEFAULT_SKETCH_KEY, k = SKETCH_SIZE): number {
  key |= 0;
  const qnum = fmix32s(key ^ 0x6e756d);
  const qname = fmix32s(key ^ 0x6e616d);
  if (heap.length < k) heap = new Int32Array(k);
  const hp = heap;
  let size = 0;
  const st = (stamp = (stamp + 1) | 0);
  let count = 0;
  let prev = 0;
  let hasPrev = false;
  let h = 0;
  let inWord = false;
  let isNumber = false;
  let isName = false;
  let sentenceStart = true;
  let prevWasName = false;
  const n = text.length;
  for (let i = 0; i <= n && count < MAX_SHINGLES - 1; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    const cls = CLASS[c]!;
    if ((cls & WORD) !== 0) {
      if (!inWord) {
        inWord = true;
        h = key;
        isNumber = (cls & DIGIT) !== 0;
        isName = (cls & UPPER) !== 0 && !sentenceStart && i + 1 < n && (CLASS[text.charCodeAt(i + 1)]! & LOWER) !== 0;
      }
      if ((cls & UPPER) !== 0) c |= 32;
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    // "75.5", "1,200" and "15:30" are one number.
    if (inWord && isNumber && (c === 46 || c === 44 || c === 58) && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) continue;
    }
    if (inWord) {
      inWord = false;
      sentenceStart = false;
      const tok = isNumber ? qnum : isName ? qname : fmix32s(h);
      // "Grace Brewster Hopper" is one name.
      if (!(isName && prevWasName)) {
        size = offer(hp, size, k, fmix32s(tok ^ key) ^ 0x80000000, st);
        if (hasPrev) size = offer(hp, size, k, combines(prev, tok) ^ 0x80000000, st);
        count += 2;
        prev = tok;
        hasPrev = true;
      }
      prevWasName = isName;
    }
    if ((cls & SENTENCE_END) !== 0) sentenceStart = true;
    if ((cls & CJK) !== 0) {
      const tok = fmix32s(Math.imul(key ^ c, 0x01000193));
      size = offer(hp, size, k, fmix32s(tok ^ key) ^ 0x80000000, st);
      if (hasPrev) size = offer(hp, size, k, combines(prev, tok) ^ 0x80000000, st);
      count += 2;
      prev = tok;
      hasPrev = true;
      prevWasName = false;
    }
  }
  return drainSorted(hp, size, out, offset);
}

/**
 * Estimated Jaccard similarity of the sets behind two bottom-k sketches: among the k smallest values of their
 * union, the share present in both.
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array, k = SKETCH_SIZE): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  let i = 0;
  let j = 0;
  let seen = 0;
  let both = 0;
  while (seen < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : 0xffffffff + 1;
    const y = j < b.length ? b[j]! : 0xffffffff + 1;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    seen++;
  }
  return seen === 0 ? 0 : both / seen;
}
