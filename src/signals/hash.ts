/**
 * A fast keyed 32-bit string hash (Murmur3-style mixing over UTF-16 code units) used by the template fingerprint.
 * Pure JavaScript so that `extractSignals` stays synchronous; the key makes sketches specific to one deployment,
 * so an attacker cannot precompute prompts that collide or evade.
 */

/** Murmur3 finaliser: spreads every input bit over the whole word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `fmix32` as a signed 32-bit integer (stays a small integer in V8's hot loops: no boxing). */
export function fmix32s(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** `combine` as a signed 32-bit integer. */
export function combines(a: number, b: number): number {
  return fmix32s(Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15));
}

/** Hash of `s.slice(start, end)` without allocating the substring. */
export function hashRange(s: string, start: number, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ (end - start));
}

export function hashString(s: string, seed = 0): number {
  return hashRange(s, 0, s.length, seed);
}

/** Order-dependent combination of two 32-bit hashes (a shingle of two tokens). */
export function combine(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15)) >>> 0);
}

/**
 * FNV-1a over UTF-16 code units with the murmur3 finaliser: a stable, unkeyed 32-bit hash of a label, used by the
 * bounded sketches of account profiles and by the simulator's seeding (not a security primitive).
 */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Deterministic PRNG (mulberry32) in [0, 1): the same seed gives the same sequence, so results repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
