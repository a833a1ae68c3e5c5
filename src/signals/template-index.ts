/**
 * The global near-duplicate index of prompt templates, shared by all accounts (the idea of Blacklight, for text):
 * each incoming sketch is matched against the templates seen so far, and joins the most similar one whose estimated
 * Jaccard similarity passes a threshold, or starts a new template. Per template it counts exchanges and distinct
 * accounts, so that a rare template shared by a handful of accounts links them, while one used by thousands of
 * unrelated accounts is no evidence. Memory is bounded: the number of templates is capped, single-use ones are
 * evicted first, and account counts are exact up to a cap and then estimated (KMV distinct-count sketch).
 */
import { fmix32 as importedFmix32, hashString as importedHashString } from './hash.js';
import { SKETCH_SIZE as importedSKETCH_SIZE } from './minhash.js';

// Imported functions and constants bound locally: a transpiler that turns ES modules into CommonJS (tsx) makes
// every use of an imported name a getter call, which costs more than the work in the hot loops here.
const fmix32 = importedFmix32;
const hashString = importedHashString;
const SKETCH_SIZE = importedSKETCH_SIZE;

export interface TemplateIndexOptions {
  /** Estimated Jaccard similarity at or above which a sketch joins an existing template. */
  threshold?: number;
  /** Most templates kept; past it, single-use templates are evicted first, oldest first. */
  maxTemplates?: number;
  /** Distinct accounts counted exactly per template; beyond, the count is estimated. */
  exactAccounts?: number;
  /** How many of a sketch's smallest hashes are used as LSH bands (one value per band; at most SKETCH_SIZE). */
  bands?: number;
  /** Most templates remembered under one band value (common shingles are not useful keys). */
  maxPosting?: number;
}

export interface TemplateAssignment {
  templateId: string;
  /** Distinct accounts seen using this template so far (exact up to a cap, then an estimate). */
  accounts: number;
  /** Exchanges assigned to this template so far. */
  exchanges: number;
}

/** Template id given to prompts with no text at all (image-only or tool-result-only turns). */
export const EMPTY_TEMPLATE = 'tpl-empty';

const KMV_SIZE = 64;

interface Template {
  id: string;
  exchanges: number;
  /** The only account so far (most templates are used by one account: no set needed). */
  firstAccount: string | null;
  /** Exact account set once a second account appears; null before that and once the KMV estimate has taken over. */
  accountSet: Set<string> | null;
  /** The KMV estimate has taken over. */
  estimated: boolean;
  /** Bottom-k of account hashes, for the distinct-count estimate past the exact cap. */
  kmv: number[];
  accountsEstimate: number;
  /** Index of the template in the per-slot arrays (query stamps, band hits, use counts); reused after eviction. */
  slot: number;
}

interface Counter {
  exchanges: number;
  firstAccount: string | null;
  accountSet: Set<string> | null;
  estimated: boolean;
  kmv: number[];
  accountsEstimate: number;
}

export class TemplateIndex {
  private readonly threshold: number;
  private readonly maxTemplates: number;
  private readonly exactAccounts: number;
  private readonly bands: number;
  private readonly maxPosting: number;
  private readonly templates = new Map<string, Template>();
  /**
   * Band value (shifted into V8's small-integer range; a shared key only adds a verified candidate) -> the slots of
   * the templates under it: a bare slot number while there is one (most band values belong to a single template),
   * an array of slots beyond. The candidate search reads slots and the per-slot typed arrays below, not the template
   * objects, so the common case (a crowded band value, no match) stays in a few cache lines.
   */
  private readonly postings = new Map<number, number | number[]>();
  /** Template of each slot (undefined once evicted, until the slot is reused). */
  private readonly bySlot: (Template | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per slot: its band hits in the current lookup (0 between lookups), its exchanges. */
  private slotHits = new Int32Array(1024);
  private slotUses = new Float64Array(1024);
  /**
   * Per slot: the template's sketch (SKETCH_SIZE values from slot * SKETCH_SIZE) and its length, in one flat array:
   * verifying a candidate reads one contiguous run instead of following a template object to its sketch.
   */
  private slotSketches = new Uint32Array(1024 * SKETCH_SIZE);
  private slotLengths = new Int32Array(1024);
  /** Templates used by exactly one exchange, in insertion order (eviction order). */
  private readonly singletons = new Set<Template>();
  private readonly empty: Counter;
  /** The postings visited by the current lookup, and a one-slot posting as an array. */
  private readonly visited: (number | number[])[] = [];
  private readonly single = [0];
  /** Exact sketches already assigned (52-bit digest -> template): repeats skip the similarity search. */
  private readonly exact = new Map<number, Template>();

  constructor(options: TemplateIndexOptions = {}) {
    this.threshold = options.threshold ?? 0.5;
    this.maxTemplates = options.maxTemplates ?? 200_000;
    this.exactAccounts = options.exactAccounts ?? 256;
    this.bands = options.bands ?? 16;
    this.maxPosting = options.maxPosting ?? 32;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new RangeError('TemplateIndex: threshold must be in (0, 1]');
    if (this.maxTemplates < 1 || this.exactAccounts < 1 || this.bands < 1 || this.maxPosting < 1)
      throw new RangeError('TemplateIndex: maxTemplates, exactAccounts, bands and maxPosting must be positive');
    // A template keeps the first SKETCH_SIZE values of its sketch, which must include its bands.
    if (this.bands > SKETCH_SIZE) throw new RangeError(`TemplateIndex: at most ${SKETCH_SIZE} bands`);
    this.empty = { exchanges: 0, firstAccount: null, accountSet: null, estimated: false, kmv: [], accountsEstimate: 0 };
  }

  /** Number of templates currently held. */
  get size(): number {
    return this.templates.size;
  }

  /** Assigns a sketch seen from `account` to its template and counts the use. */
  assign(sketch: Uint32Array, account: string): TemplateAssignment {
    if (sketch.length === 0) {
      this.count(this.empty, account);
      return { templateId: EMPTY_TEMPLATE, accounts: this.empty.accountsEstimate, exchanges: this.empty.exchanges };
    }
    const digest = digestOf(sketch);
    let template = this.exact.get(digest) ?? null;
    if (template !== null && this.templates.get(template.id) !== template) template = null; // evicted since
    if (template === null) {
      template = this.find(sketch);
      if (template === null) template = this.create(sketch);
      // Bounded: past the cap the memo starts again (it only saves time; results do not depend on it).
      if (this.exact.size >= 2 * this.maxTemplates) this.exact.clear();
      this.exact.set(digest, template);
    }
    if (template.exchanges === 1) this.singletons.delete(template);
    this.count(template, account);
    this.slotUses[template.slot] = template.exchanges;
    return { templateId: template.id, accounts: template.accountsEstimate, exchanges: template.exchanges };
  }

  /** Current counts of a template, or null when it is unknown or was evicted. */
  lookup(templateId: string): TemplateAssignment | null {
    if (templateId === EMPTY_TEMPLATE)
      return { templateId, accounts: this.empty.accountsEstimate, exchanges: this.empty.exchanges };
    const t = this.templates.get(templateId);
    return t ? { templateId, accounts: t.accountsEstimate, exchanges: t.exchanges } : null;
  }

  /**
   * The most similar template at or above the threshold. Candidates come from the band postings; only those that
   * share several band values are verified (a near-duplicate shares about half of them, while an unrelated template
   * that merely shares one common shingle does not), which keeps common shingles from costing a comparison each.
   */
  private find(sketch: Uint32Array): Template | null {
    const bands = Math.min(this.bands, sketch.length);
    const needed = bands >= 9 ? 3 : bands >= 4 ? 2 : 1;
    const hits = this.slotHits;
    const flat = this.slotSketches;
    const lengths = this.slotLengths;
    const visited = this.visited;
    const single = this.single;
    let postings = 0;
    let best: Template | null = null;
    let bestSim = this.threshold;
    for (let b = 0; b < bands; b++) {
      const entry = this.postings.get(sketch[b]! >>> 2);
      if (entry === undefined) continue;
      // A posting holds one slot (a number) or several.
      let slots: number[];
      if (typeof entry === 'number') {
        single[0] = entry;
        slots = single;
      } else slots = entry;
      visited[postings++] = entry;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        if (++hits[slot]! !== needed) continue;
        const sim = jaccardAtLeast(sketch, flat, slot * SKETCH_SIZE, lengths[slot]!, bestSim);
        if (sim < bestSim) continue;
        const t = this.bySlot[slot]!;
        if (best === null || sim > bestSim || t.exchanges > best.exchanges) {
          best = t;
          bestSim = sim;
        }
      }
    }
    // Band hits count from zero in every search: clear those of the slots visited (cheaper than a stamp per slot).
    for (let p = 0; p < postings; p++) {
      const entry = visited[p]!;
      if (typeof entry === 'number') hits[entry] = 0;
      else for (let i = 0; i < entry.length; i++) hits[entry[i]!] = 0;
    }
    return best;
  }

  /** A free slot for a new template (the per-slot arrays grow by doubling). */
  private takeSlot(template: Template, sketch: Uint32Array): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.bySlot.length;
    if (slot >= this.slotHits.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.slotHits = grow(this.slotHits, (n) => new Int32Array(n));
      this.slotUses = grow(this.slotUses, (n) => new Float64Array(n));
      this.slotLengths = grow(this.slotLengths, (n) => new Int32Array(n));
      const sketches = new Uint32Array(this.slotHits.length * SKETCH_SIZE);
      sketches.set(this.slotSketches);
      this.slotSketches = sketches;
    }
    this.bySlot[slot] = template;
    this.slotHits[slot] = 0;
    this.slotUses[slot] = template.exchanges;
    // A longer sketch is kept to SKETCH_SIZE values: a comparison walks at most that many values of either sketch.
    const kept = sketch.length > SKETCH_SIZE ? sketch.subarray(0, SKETCH_SIZE) : sketch;
    this.slotSketches.set(kept, slot * SKETCH_SIZE);
    this.slotLengths[slot] = kept.length;
    return slot;
  }

  private create(sketch: Uint32Array): Template {
    if (this.templates.size >= this.maxTemplates) this.evict();
    let id = templateIdOf(sketch);
    for (let salt = 1; this.templates.has(id); salt++) id = templateIdOf(sketch, salt);
    const template: Template = {
      id,
      exchanges: 0,
      firstAccount: null,
      accountSet: null,
      estimated: false,
      kmv: [],
      accountsEstimate: 0,
      slot: 0,
    };
    const slot = (template.slot = this.takeSlot(template, sketch));
    this.templates.set(id, template);
    this.singletons.add(template);
    const bands = Math.min(this.bands, sketch.length);
    for (let b = 0; b < bands; b++) {
      const key = sketch[b]! >>> 2;
      const entry = this.postings.get(key);
      if (entry === undefined) this.postings.set(key, slot);
      else if (typeof entry === 'number') {
        this.postings.set(key, this.maxPosting >= 2 ? [entry, slot] : weaker(entry, slot, this.slotUses));
      } else if (entry.length < this.maxPosting) {
        entry.push(slot);
      } else {
        // A crowded band value is a common shingle; keep the most used templates under it.
        const uses = this.slotUses;
        let weakest = 0;
        for (let i = 1; i < entry.length; i++) if (uses[entry[i]!]! < uses[entry[weakest]!]!) weakest = i;
        if (uses[entry[weakest]!]! <= 1) entry[weakest] = slot;
      }
    }
    return template;
  }

  /** Drops the oldest single-use template, or failing that the least used of the oldest few. */
  private evict(): void {
    let victim: Template | undefined = this.singletons.values().next().value;
    if (victim === undefined) {
      let scanned = 0;
      for (const t of this.templates.values()) {
        if (victim === undefined || t.exchanges < victim.exchanges) victim = t;
        if (++scanned >= 64) break;
      }
    }
    if (victim === undefined) return;
    this.templates.delete(victim.id);
    this.singletons.delete(victim);
    const slot = victim.slot;
    const bands = Math.min(this.bands, this.slotLengths[slot]!);
    for (let b = 0; b < bands; b++) {
      const key = this.slotSketches[slot * SKETCH_SIZE + b]! >>> 2;
      const entry = this.postings.get(key);
      if (entry === undefined) continue;
      if (typeof entry === 'number') {
        if (entry === slot) this.postings.delete(key);
        continue;
      }
      const i = entry.indexOf(slot);
      if (i >= 0) entry.splice(i, 1);
      if (entry.length === 0) this.postings.delete(key);
    }
    this.bySlot[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private count(c: Counter, account: string): void {
    c.exchanges++;
    if (c.firstAccount === null && !c.estimated) {
      c.firstAccount = account;
      c.accountsEstimate = 1;
      return;
    }
    if (c.accountSet === null && !c.estimated) {
      if (account === c.firstAccount) return;
      // A second account: from now on keep the exact set and the KMV sketch (seeded with the first account).
      c.accountSet = new Set([c.firstAccount!]);
      addToKmv(c.kmv, c.firstAccount!);
    }
    if (c.accountSet !== null) {
      const known = c.accountSet.size;
      c.accountSet.add(account);
      // An account seen before changes nothing: its hash is already in the KMV sketch, or was beyond its k smallest
      // (and the k-th smallest only decreases).
      if (c.accountSet.size === known) return;
    }
    addToKmv(c.kmv, account);
    if (c.accountSet !== null) {
      if (c.accountSet.size <= this.exactAccounts) {
        c.accountsEstimate = c.accountSet.size;
        return;
      }
      c.accountSet = null;
      c.estimated = true;
    }
    const kmv = c.kmv;
    const estimate = kmv.length < KMV_SIZE ? kmv.length : Math.round((KMV_SIZE - 1) / ((kmv[KMV_SIZE - 1]! + 1) / 2 ** 32));
    c.accountsEstimate = Math.max(c.accountsEstimate, estimate);
  }
}

/** With room for one template only under a band value: the more used of the two stays (the old one on a tie). */
function weaker(kept: number, incoming: number, uses: Float64Array): number {
  return uses[kept]! <= 1 ? incoming : kept;
}

/** KMV distinct-count sketch: keeps the KMV_SIZE smallest distinct account hashes, ascending. */
function addToKmv(kmv: number[], account: string): void {
  const h = fmix32(hashString(account, 0x0acc0));
  if (kmv.length >= KMV_SIZE && h >= kmv[kmv.length - 1]!) return;
  let lo = 0;
  let hi = kmv.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kmv[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  if (kmv[lo] === h) return;
  kmv.splice(lo, 0, h);
  if (kmv.length > KMV_SIZE) kmv.pop();
}

/** 52-bit digest of a sketch's values (two 32-bit hashes), as a Map key. */
function digestOf(sketch: Uint32Array): number {
  let a = 0x2545f491 ^ sketch.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < sketch.length; i++) {
    a = fmix32(a ^ sketch[i]!);
    b = Math.imul(b ^ sketch[i]!, 0x01000193);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 12) & 0xfffff);
}

/** Stable id of a template, derived from its first sketch (same traffic, same ids across runs and replicas). */
function templateIdOf(sketch: Uint32Array, salt = 0): string {
  let h = 0x7e3a ^ salt;
  for (let i = 0; i < Math.min(8, sketch.length); i++) h = fmix32(h ^ sketch[i]!) + i;
  return `tpl-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Bottom-k Jaccard estimate (as `estimateJaccard`) of `a` and the sketch of `bLength` values at `b[bStart]`, or 0 when
 * it is below `floor` (callers only use results at or above it). The estimate is both / seen over the first `seen`
 * values of the union walk; with k - floor * k or more values not in both, it cannot reach the floor, so most
 * comparisons (with unrelated templates) end after a few steps. The walk steps without branches (the outcome of each
 * comparison is unpredictable), and once one sketch is used up, every remaining step is a value of the other alone.
 */
function jaccardAtLeast(a: Uint32Array, b: Uint32Array, bStart: number, bLength: number, floor: number, k = SKETCH_SIZE): number {
  const aLength = a.length;
  const bEnd = bStart + bLength;
  const slack = k - floor * k;
  let i = 0;
  let j = bStart;
  let seen = 0;
  let both = 0;
  while (seen < k && i < aLength && j < bEnd) {
    const x = a[i]!;
    const y = b[j]!;
    both += +(x === y);
    i += +(x <= y);
    j += +(y <= x);
    seen++;
    if ((seen & 7) === 0 && seen - both > slack) return 0;
  }
  seen += Math.min(k - seen, aLength - i + (bEnd - j));
  if (seen - both > slack) return 0;
  return seen === 0 ? 0 : both / seen;
}
