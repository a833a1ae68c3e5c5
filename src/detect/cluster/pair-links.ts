/**
 * The weighted account link graph as evidence per pair of accounts: for each pair, which kinds of link join them,
 * through which (least crowded) key and how many times. Weights are computed when asked, from how crowded each key
 * is by then, so a key that later turns out to be a carrier NAT stops counting as strong evidence. Stored in
 * growable typed arrays (about 60 bytes per pair) so that millions of pairs fit in a few hundred MB.
 */
import type { KeyBuckets } from './key-buckets.js';
import { grow } from './typed-arrays.js';
import { AddressChurn, ANCHOR_KINDS, MIN_ANCHOR, type AddressLevel } from './address-churn.js';
import {
  crowdFactor,
  LINK_KINDS,
  LINK_SPECS,
  repeatFactor,
  sharedTemplatesFactor,
  synchronyFactor,
  type LinkKind,
} from './link-kinds.js';

/**
 * Synchrony counts in full when the shared windows are at least this share of the two accounts' actions (their cosine
 * similarity: shared / sqrt(actions of one x actions of the other)); below, it is scaled down. A busy account shares a
 * few windows with many others by chance, and a quiet one then shares a large part of its few actions with it.
 */
export const SYNC_FULL_SHARE = 0.1;
/** Upper bound of one pair's total weight, so a pair sharing everything cannot dominate a community. */
export const MAX_PAIR_WEIGHT = 8;
/** Kinds that show shared content rather than common control (a template anyone may copy; an ASN of millions). */
export const CONTENT_KINDS: ReadonlySet<number> = new Set(
  (['template', 'system_prompt', 'asn'] as LinkKind[]).map((k) => LINK_KINDS.indexOf(k)),
);

const KIND_INDEX = new Map<LinkKind, number>(LINK_KINDS.map((k, i) => [k, i]));
const SPECS = LINK_KINDS.map((k) => LINK_SPECS[k]);
const SYNC = LINK_KINDS.indexOf('sync');
const SUCCESSOR = LINK_KINDS.indexOf('successor');
const TEMPLATE = LINK_KINDS.indexOf('template');
const ANCHOR = new Set(ANCHOR_KINDS.map((k) => LINK_KINDS.indexOf(k)));
const ADDRESS_LEVEL = new Map<number, AddressLevel>([
  [LINK_KINDS.indexOf('ip'), 'ip'],
  [LINK_KINDS.indexOf('subnet'), 'subnet'],
]);
/** The bit of the synchrony kind in a pair's `kindBits`: only its weight follows the accounts' synchrony actions. */
const SYNC_BIT = 1 << SYNC;
/** The bits of the kinds whose partition weight follows the accounts' address churn. */
const ADDRESS_BITS = [...ADDRESS_LEVEL.keys(), SUCCESSOR].reduce((bits, k) => bits | (1 << k), 0);
/**
 * The same facts per kind index in flat arrays, for `recompute` (run for hundreds of thousands of pairs per scan):
 * the spec's numbers, 1 for the content and anchoring kinds, and the address level (null for other kinds).
 */
const SPEC_BASE = Float64Array.from(SPECS, (s) => s.base);
const SPEC_FREE = Float64Array.from(SPECS, (s) => s.free);
const SPEC_FALLOFF = Float64Array.from(SPECS, (s) => s.falloff ?? 1);
const IS_CONTENT = kindMask(CONTENT_KINDS);
const IS_ANCHOR = kindMask(ANCHOR);
const LEVEL_OF_KIND: readonly (AddressLevel | null)[] = LINK_KINDS.map((_, k) => ADDRESS_LEVEL.get(k) ?? null);

function kindMask(kinds: Iterable<number>): Uint8Array {
  const mask = new Uint8Array(LINK_KINDS.length);
  for (const k of kinds) mask[k] = 1;
  return mask;
}

export function kindIndex(kind: LinkKind): number {
  return KIND_INDEX.get(kind) ?? 0;
}

function ascending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] ?? 0) < (list[i - 1] ?? 0)) return false;
  return true;
}

/** Renumbers the slots of `list` in place by `remap`, dropping those it maps to -1. */
function renumber(list: number[], remap: Int32Array): void {
  let at = 0;
  for (const old of list) {
    const slot = remap[old] ?? -1;
    if (slot >= 0) list[at++] = slot;
  }
  list.length = at;
}

/**
 * Open-addressing hash table from an (a, b) account pair to its slot, in typed arrays: no per-entry allocation,
 * which a Map keyed by a 52-bit number would need (such keys are heap numbers).
 */
class PairTable {
  private keyA: Int32Array;
  private keyB: Int32Array;
  private value: Int32Array;
  private used = 0;

  /** Sized for `expected` entries without resizing. */
  constructor(expected = 0) {
    let size = 1 << 12;
    while (size < expected * 2 + 2) size *= 2;
    this.keyA = new Int32Array(size).fill(-1);
    this.keyB = new Int32Array(size);
    this.value = new Int32Array(size);
  }

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  }

  get(a: number, b: number): number {
    const mask = this.keyA.length - 1;
    for (let i = PairTable.hash(a, b) & mask; ; i = (i + 1) & mask) {
      const k = this.keyA[i] ?? -1;
      if (k === -1) return -1;
      if (k === a && this.keyB[i] === b) return this.value[i] ?? -1;
    }
  }

  set(a: number, b: number, v: number): void {
    if ((this.used + 1) * 2 > this.keyA.length) this.resize();
    const mask = this.keyA.length - 1;
    for (let i = PairTable.hash(a, b) & mask; ; i = (i + 1) & mask) {
      const k = this.keyA[i] ?? -1;
      if (k === -1) {
        this.keyA[i] = a;
        this.keyB[i] = b;
        this.value[i] = v;
        this.used++;
        return;
      }
      if (k === a && this.keyB[i] === b) {
        this.value[i] = v;
        return;
      }
    }
  }

  private resize(): void {
    const [ka, kb, val] = [this.keyA, this.keyB, this.value];
    this.keyA = new Int32Array(ka.length * 2).fill(-1);
    this.keyB = new Int32Array(ka.length * 2);
    this.value = new Int32Array(ka.length * 2);
    this.used = 0;
    for (let i = 0; i < ka.length; i++) if ((ka[i] ?? -1) !== -1) this.set(ka[i] ?? 0, kb[i] ?? 0, val[i] ?? 0);
  }
}

/** `recompute` of every piece of a pair's evidence. */
const WHOLE_PAIR = -1;

/** Pieces of evidence the arrays hold room for at least. */
const MIN_EVIDENCE_ROOM = 2048;

export class PairLinks {
  private slots = new PairTable();
  private pairA = new Int32Array(1024);
  private pairB = new Int32Array(1024);
  private head = new Int32Array(1024);
  /** per pair: bit `1 << kind` set for each kind of evidence it holds (read without walking its evidence) */
  private kindBits = new Uint16Array(1024);
  private pairs = 0;
  /** per pair: when evidence was last added to it (minutes of log time; see `advance`) */
  private touched = new Int32Array(1024);
  /** the current log time in minutes, stamped on the pairs evidence is added to */
  private minute = 0;
  /** Per piece of evidence (one kind of link between one pair): its kind, */
  private evKind = new Uint8Array(2048);
  /** the least crowded key seen for it (a KeyBuckets id, or -1 for kinds without a lasting key), */
  private evKey = new Int32Array(2048);
  /** its independent co-occurrences (shared keys, shared time windows), */
  private evCount = new Uint32Array(2048);
  /** and for sync the sum over windows of the window's crowd factor, for successor the strongest strength seen. */
  private evMass = new Float32Array(2048);
  private evNext = new Int32Array(2048);
  /** and its weight as of the last `freeze` that recomputed its pair (served by `visitEvidence` while frozen) */
  private evWeight: Float64Array = new Float64Array(2048);
  private evidenceCount = 0;
  /** per account: (window, template) actions counted for synchrony */
  private syncActions = new Int32Array(1024);
  /** evidence updates since the last call to `takeChanges` */
  private changes = 0;
  /**
   * per account: the slots of its pairs, so that passes over the pairs of some accounts (a refresh's clusters, the
   * accounts placed since the last Louvain run) cost their degree rather than every pair of the graph
   */
  private bySlotOf: number[][] = [];
  /** per pair: the round of `forEachPairOf` that last took it (so each pair is taken once without a set) */
  private visitMark = new Int32Array(1024);
  private visitRound = 0;
  /** scratch for the slots a `forEachPairOf` takes */
  private takenSlots = new Int32Array(1024);
  /** weights computed by `freeze`, valid until `thaw` */
  private frozen: { all: Float64Array; control: Float64Array; partition: Float64Array } | null = null;
  /**
   * Weights kept between refreshes, recomputed by `freeze` only where something they depend on changed: the pair's
   * own evidence, how crowded one of its keys is, the synchrony actions or address draws of one of its accounts.
   */
  private cachedAll: Float64Array = new Float64Array(1024);
  private cachedControl: Float64Array = new Float64Array(1024);
  private cachedPartition: Float64Array = new Float64Array(1024);
  /** per pair: its weight of anchoring kinds; per account: whether one of its pairs anchors it (address-churn.ts) */
  private cachedAnchor: Float64Array = new Float64Array(1024);
  private anchored = new Uint8Array(1024);
  /** per account: how often its address and /24 changed (see address-churn.ts; partition weights only) */
  readonly churn = new AddressChurn();
  /** pairs cached so far (all below are cached unless dirty; an eviction carries the cached weights to the new slots) */
  private cachedPairs = 0;
  private readonly dirtyPairs = new Set<number>();
  private readonly dirtyKeys = new Set<number>();
  /** accounts whose synchrony actions grew: only their pairs with synchrony evidence change weight */
  private readonly syncDirty = new Set<number>();
  /** accounts that drew new addresses: only their pairs with address evidence change (partition) weight */
  private readonly churnDirty = new Set<number>();
  /** per pair: the `freeze` that last recomputed it (so a pair dirty for several reasons is recomputed once) */
  private recomputeMark = new Int32Array(1024);
  private freezeRound = 0;
  /** per key: the `freeze` that found it more crowded than at the previous one */
  private grownKeyMark = new Int32Array(1024);
  /** per key: the slots whose evidence has named it (a slot may stay listed after moving to a less crowded key) */
  private keySlots = new Map<number, number[]>();

  /**
   * With `fullPasses`, every `freeze` recomputes every pair and `forEachPairOf` passes over every pair: the refresh
   * as it was before it followed changes, kept to check that following changes gives the same result.
   */
  constructor(
    private readonly keys: KeyBuckets,
    private readonly options: { fullPasses?: boolean } = {},
  ) {
    keys.onGrow((id) => {
      if (this.keySlots.has(id)) this.dirtyKeys.add(id);
    });
  }

  get size(): number {
    return this.pairs;
  }

  /** Whether two accounts are linked already. */
  has(x: number, y: number): boolean {
    return this.slots.get(Math.min(x, y), Math.max(x, y)) >= 0;
  }

  /** Sets the log time stamped on pairs by `add` (for `evict`). */
  advance(t: number): void {
    const m = Math.floor(t / 60_000);
    if (m > this.minute) this.minute = m;
  }

  /** The slot of the pair `x`, `y`, or -1 when they are not linked. */
  slotOf(x: number, y: number): number {
    return this.slots.get(Math.min(x, y), Math.max(x, y));
  }

  /** Records one piece of evidence joining accounts `x` and `y`. */
  add(x: number, y: number, kind: LinkKind, key: number, mass = 1): void {
    if (x === y) return;
    this.frozen = null;
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    let slot = this.slots.get(a, b);
    if (slot < 0) {
      slot = this.pairs++;
      this.pairA = grow(this.pairA, this.pairs);
      this.pairB = grow(this.pairB, this.pairs);
      this.head = grow(this.head, this.pairs);
      this.touched = grow(this.touched, this.pairs);
      this.kindBits = grow(this.kindBits, this.pairs);
      this.pairA[slot] = a;
      this.pairB[slot] = b;
      this.head[slot] = -1;
      this.kindBits[slot] = 0;
      this.slots.set(a, b, slot);
      this.slotList(a).push(slot);
      this.slotList(b).push(slot);
    }
    this.changes++;
    this.touched[slot] = this.minute;
    this.dirtyPairs.add(slot);
    const k = kindIndex(kind);
    for (let e = this.head[slot] ?? -1; e >= 0; e = this.evNext[e] ?? -1) {
      if (this.evKind[e] !== k) continue;
      this.evCount[e] = (this.evCount[e] ?? 0) + 1;
      if (k === SUCCESSOR) this.evMass[e] = Math.max(this.evMass[e] ?? 0, mass);
      else this.evMass[e] = (this.evMass[e] ?? 0) + mass;
      const old = this.evKey[e] ?? -1;
      if (key >= 0 && key !== old && (old < 0 || this.keys.distinct(key) < this.keys.distinct(old))) {
        this.evKey[e] = key;
        this.listUnderKey(key, slot);
      }
      return;
    }
    const e = this.evidenceCount++;
    this.evKind = grow(this.evKind, this.evidenceCount);
    this.evKey = grow(this.evKey, this.evidenceCount);
    this.evCount = grow(this.evCount, this.evidenceCount);
    this.evMass = grow(this.evMass, this.evidenceCount);
    this.evNext = grow(this.evNext, this.evidenceCount);
    this.evKind[e] = k;
    this.evKey[e] = key;
    this.evCount[e] = 1;
    this.evMass[e] = mass;
    this.evNext[e] = this.head[slot] ?? -1;
    this.head[slot] = e;
    this.kindBits[slot] = (this.kindBits[slot] ?? 0) | (1 << k);
    if (key >= 0) this.listUnderKey(key, slot);
  }

  private listUnderKey(key: number, slot: number): void {
    const list = this.keySlots.get(key);
    if (list === undefined) this.keySlots.set(key, [slot]);
    else if (list[list.length - 1] !== slot) list.push(slot);
  }

  private slotList(account: number): number[] {
    let list = this.bySlotOf[account];
    if (list === undefined) {
      while (this.bySlotOf.length < account) this.bySlotOf.push([]);
      this.bySlotOf[account] = list = [];
    }
    return list;
  }

  /** Counts one synchrony action of an account: it acted on a template within one synchrony window. */
  noteSyncAction(account: number): void {
    this.syncActions = grow(this.syncActions, account + 1);
    this.syncActions[account] = (this.syncActions[account] ?? 0) + 1;
    this.syncDirty.add(account);
  }

  /** The account drew new addresses (or /24s): its address links may weigh less for partitioning (address-churn.ts). */
  noteAddressDraws(account: number, levels: readonly AddressLevel[]): void {
    if (levels.length === 0) return;
    for (const level of levels) this.churn.noteDraw(account, level);
    this.churnDirty.add(account);
  }

  /**
   * Address evidence (count meetings) of the pair in `slot` scaled by the churn of its accounts, a succession as one
   * meeting on a /24 (address-churn.ts); 1 for other kinds.
   */
  private churnScale(slot: number, kind: number, count: number): number {
    if (kind === SUCCESSOR) return this.churn.factor(this.pairA[slot] ?? 0, this.pairB[slot] ?? 0, 'subnet', 1);
    const level = LEVEL_OF_KIND[kind] ?? null;
    if (level === null) return 1;
    return this.churn.factor(this.pairA[slot] ?? 0, this.pairB[slot] ?? 0, level, count);
  }

  /** Weight of one kind of evidence, using the key's crowding as of now. */
  private weightOfEvidence(slot: number, kind: number, key: number, count: number, mass: number): number {
    if (kind >= SPECS.length || count === 0) return 0;
    const base = SPEC_BASE[kind] ?? 0;
    if (kind === SYNC) return base * (mass / count) * synchronyFactor(count) * this.syncShare(slot, count);
    if (kind === SUCCESSOR) return base * Math.min(1, mass);
    const crowd = key >= 0 ? crowdFactor(this.keys.distinct(key), SPEC_FREE[kind] ?? 0, SPEC_FALLOFF[kind] ?? 1) : 1;
    if (kind === TEMPLATE) return base * crowd * sharedTemplatesFactor(count);
    return base * crowd * repeatFactor(count);
  }

  /** The pair's shared windows as a share of both accounts' actions, relative to SYNC_FULL_SHARE (at most 1). */
  private syncShare(slot: number, shared: number): number {
    const both = (this.syncActions[this.pairA[slot] ?? 0] ?? 0) * (this.syncActions[this.pairB[slot] ?? 0] ?? 0);
    return both <= 0 ? 1 : Math.min(1, shared / (SYNC_FULL_SHARE * Math.sqrt(both)));
  }

  /**
   * Computes every pair's weights once and serves them from memory until `thaw` (a refresh reads each pair's weight
   * several times; nothing is added meanwhile, since observing and refreshing never interleave).
   */
  freeze(): void {
    this.cachedAll = grow(this.cachedAll, this.pairs);
    this.cachedControl = grow(this.cachedControl, this.pairs);
    this.cachedPartition = grow(this.cachedPartition, this.pairs);
    this.cachedAnchor = grow(this.cachedAnchor, this.pairs);
    this.evWeight = grow(this.evWeight, this.evidenceCount);
    if (this.cachedPairs === 0 || this.options.fullPasses === true) {
      for (let s = 0; s < this.pairs; s++) this.recompute(s, WHOLE_PAIR, true);
    } else {
      this.recomputeMark = grow(this.recomputeMark, this.pairs);
      const round = ++this.freezeRound;
      // Pieces of evidence on keys grown more crowded are recomputed wherever their pair is (`recompute`).
      this.grownKeyMark = grow(this.grownKeyMark, this.keys.size);
      for (const key of this.dirtyKeys) this.grownKeyMark[key] = round;
      const once = (slot: number, keyRound: number, syncToo: boolean): void => {
        if (slot >= this.pairs || this.recomputeMark[slot] === round) return;
        this.recomputeMark[slot] = round;
        this.recompute(slot, keyRound, syncToo);
      };
      for (const slot of this.dirtyPairs) once(slot, WHOLE_PAIR, true);
      // Most active accounts act in step somewhere between two refreshes; only their synchrony evidence depends on it.
      for (const account of this.syncDirty) {
        for (const slot of this.bySlotOf[account] ?? []) if (this.holds(slot, SYNC_BIT)) once(slot, round, true);
      }
      // Churn scales address evidence in the partition weight, which every recomputation sums afresh.
      for (const account of this.churnDirty) {
        for (const slot of this.bySlotOf[account] ?? []) if (this.holds(slot, ADDRESS_BITS)) once(slot, round, false);
      }
      // Pairs left are dirty only because keys grew more crowded: just their evidence on those keys changes weight
      // (most of a scan's recomputations; the other pieces keep the weights the last freeze gave them).
      for (const key of this.dirtyKeys) for (const slot of this.keySlots.get(key) ?? []) once(slot, round, false);
    }
    this.cachedPairs = this.pairs;
    this.clearDirty();
    this.anchored = new Uint8Array(Math.max(1024, this.bySlotOf.length));
    for (let s = 0; s < this.pairs; s++) {
      if ((this.cachedAnchor[s] ?? 0) < MIN_ANCHOR) continue;
      this.anchored[this.pairA[s] ?? 0] = 1;
      this.anchored[this.pairB[s] ?? 0] = 1;
    }
    this.frozen = { all: this.cachedAll, control: this.cachedControl, partition: this.cachedPartition };
  }

  private clearDirty(): void {
    this.dirtyPairs.clear();
    this.dirtyKeys.clear();
    this.syncDirty.clear();
    this.churnDirty.clear();
  }

  /** Whether the pair in `slot` has evidence of one of the kinds whose bits are set in `bits`. */
  private holds(slot: number, bits: number): boolean {
    return ((this.kindBits[slot] ?? 0) & bits) !== 0;
  }

  /**
   * Recomputes the weights of the pair in `s`: with WHOLE_PAIR, of every piece of its evidence; else only of the
   * pieces on keys marked with `keyRound` in `grownKeyMark` and, with `syncToo`, of its synchrony, the others keeping
   * their `evWeight` (summed in the same order, so the pair's weights come out as a whole recomputation would).
   */
  private recompute(s: number, keyRound: number, syncToo: boolean): void {
    let w = 0;
    let c = 0;
    let p = 0;
    let anchor = 0;
    for (let e = this.head[s] ?? -1; e >= 0; e = this.evNext[e] ?? -1) {
      const kind = this.evKind[e] ?? 0;
      const count = this.evCount[e] ?? 0;
      const key = this.evKey[e] ?? -1;
      const stale =
        keyRound === WHOLE_PAIR || (key >= 0 && this.grownKeyMark[key] === keyRound) || (syncToo && kind === SYNC);
      const x = stale ? this.weightOfEvidence(s, kind, key, count, this.evMass[e] ?? 0) : (this.evWeight[e] ?? 0);
      this.evWeight[e] = x;
      w += x;
      if (IS_CONTENT[kind] === 1) continue;
      c += x;
      p += x * this.churnScale(s, kind, count);
      if (IS_ANCHOR[kind] === 1) anchor += x;
    }
    this.cachedAnchor[s] = anchor;
    this.cachedAll[s] = Math.min(MAX_PAIR_WEIGHT, w);
    this.cachedControl[s] = Math.min(MAX_PAIR_WEIGHT, c);
    this.cachedPartition[s] = Math.min(MAX_PAIR_WEIGHT, p);
  }

  /** Back to computing weights on demand (see `freeze`). */
  thaw(): void {
    this.frozen = null;
  }

  /** Total weight of the pair in `slot` (capped); with `controlOnly`, without the content kinds. */
  weight(slot: number, controlOnly = false): number {
    const frozen = this.frozen;
    if (frozen !== null && slot < this.pairs) return (controlOnly ? frozen.control[slot] : frozen.all[slot]) ?? 0;
    let w = 0;
    for (let e = this.head[slot] ?? -1; e >= 0; e = this.evNext[e] ?? -1) {
      const kind = this.evKind[e] ?? 0;
      if (controlOnly && IS_CONTENT[kind] === 1) continue;
      w += this.weightOfEvidence(slot, kind, this.evKey[e] ?? -1, this.evCount[e] ?? 0, this.evMass[e] ?? 0);
    }
    return Math.min(MAX_PAIR_WEIGHT, w);
  }

  /**
   * Control weight of the pair in `slot` for partitioning: as `weight(slot, true)`, with address links scaled by the
   * churn of the two accounts' addresses when one of them is anchored by other hard evidence (address-churn.ts; as of
   * the last `freeze`).
   */
  partitionWeight(slot: number): number {
    const anchored = this.anchored[this.pairA[slot] ?? 0] === 1 || this.anchored[this.pairB[slot] ?? 0] === 1;
    if (!anchored) return this.weight(slot, true);
    const frozen = this.frozen;
    if (frozen !== null && slot < this.pairs) return frozen.partition[slot] ?? 0;
    let w = 0;
    for (let e = this.head[slot] ?? -1; e >= 0; e = this.evNext[e] ?? -1) {
      const kind = this.evKind[e] ?? 0;
      if (IS_CONTENT[kind] === 1) continue;
      const count = this.evCount[e] ?? 0;
      const x = this.weightOfEvidence(slot, kind, this.evKey[e] ?? -1, count, this.evMass[e] ?? 0);
      w += x * this.churnScale(slot, kind, count);
    }
    return Math.min(MAX_PAIR_WEIGHT, w);
  }

  /**
   * Calls `fn(kind, key, count, weight)` for each kind of evidence of the pair in `slot`, without allocating; while
   * frozen, with the weights `freeze` computed.
   */
  visitEvidence(slot: number, fn: (kind: number, key: number, count: number, weight: number) => void): void {
    const frozen = this.frozen !== null && slot < this.pairs;
    for (let e = this.head[slot] ?? -1; e >= 0; e = this.evNext[e] ?? -1) {
      const kind = this.evKind[e] ?? 0;
      const key = this.evKey[e] ?? -1;
      const count = this.evCount[e] ?? 0;
      fn(kind, key, count, frozen ? (this.evWeight[e] ?? 0) : this.weightOfEvidence(slot, kind, key, count, this.evMass[e] ?? 0));
    }
  }

  /** Calls `fn(a, b, slot)` for every linked pair. */
  forEach(fn: (a: number, b: number, slot: number) => void): void {
    for (let s = 0; s < this.pairs; s++) fn(this.pairA[s] ?? 0, this.pairB[s] ?? 0, s);
  }

  /**
   * Calls `fn(a, b, slot)` for every pair with an endpoint in `accounts` that `accept(a, b)` takes (`accept` must take
   * no pair without one), in slot order (the
   * order of `forEach`, so sums and tie-breaks come out as a pass over every pair filtered by `accept` would give them),
   * each pair once. Costs the degree of `accounts` plus a sort of the pairs taken, or one pass over every pair when
   * `accounts` hold most of them anyway.
   */
  forEachPairOf(
    accounts: Iterable<number>,
    accept: (a: number, b: number) => boolean,
    fn: (a: number, b: number, slot: number) => void,
  ): void {
    const list = Array.isArray(accounts) ? (accounts as number[]) : [...accounts];
    let degrees = 0;
    for (const x of list) degrees += this.bySlotOf[x]?.length ?? 0;
    if (degrees >= this.pairs || this.options.fullPasses === true) {
      for (let s = 0; s < this.pairs; s++) {
        const a = this.pairA[s] ?? 0;
        const b = this.pairB[s] ?? 0;
        if (accept(a, b)) fn(a, b, s);
      }
      return;
    }
    this.visitMark = grow(this.visitMark, this.pairs);
    const mark = ++this.visitRound;
    let taken = 0;
    for (const x of list) {
      for (const slot of this.bySlotOf[x] ?? []) {
        if (this.visitMark[slot] === mark) continue;
        this.visitMark[slot] = mark;
        if (!accept(this.pairA[slot] ?? 0, this.pairB[slot] ?? 0)) continue;
        this.takenSlots = grow(this.takenSlots, taken + 1);
        this.takenSlots[taken++] = slot;
      }
    }
    // A copy, sorted as numbers without a comparator (`fn` may pass over other pairs meanwhile).
    const slots = this.takenSlots.slice(0, taken).sort();
    for (const slot of slots) fn(this.pairA[slot] ?? 0, this.pairB[slot] ?? 0, slot);
  }

  /**
   * Whether `test(other, slot)` holds for some pair of account `x` (with `other` the other account). Costs the degree
   * of `x`, or one pass over every pair with `fullPasses`.
   */
  someLinkOf(x: number, test: (other: number, slot: number) => boolean): boolean {
    if (this.options.fullPasses === true) {
      for (let s = 0; s < this.pairs; s++) {
        const a = this.pairA[s] ?? 0;
        const b = this.pairB[s] ?? 0;
        if ((a === x || b === x) && test(a === x ? b : a, s)) return true;
      }
      return false;
    }
    for (const slot of this.bySlotOf[x] ?? []) {
      const a = this.pairA[slot] ?? 0;
      if (test(a === x ? (this.pairB[slot] ?? 0) : a, slot)) return true;
    }
    return false;
  }

  /** Calls `fn(other, slot)` for every pair of account `x`, in the order its pairs were made (or renumbered). */
  forEachLinkOf(x: number, fn: (other: number, slot: number) => void): void {
    for (const slot of this.bySlotOf[x] ?? []) {
      const a = this.pairA[slot] ?? 0;
      fn(a === x ? (this.pairB[slot] ?? 0) : a, slot);
    }
  }

  /** Indices of accounts with at least one pair are below this bound. */
  get accountBound(): number {
    return this.bySlotOf.length;
  }

  /**
   * Forgets the pairs that are weak (total weight under `floor`, with key crowding as of now) and got no new evidence
   * since `before` (ms of log time): chance co-occurrences on crowded keys and single shared templates, most pairs on
   * a long log, which would otherwise grow with exchanges rather than accounts. Pairs are renumbered; returns, per
   * old slot, its new slot or -1 (for structures indexed by slot, such as the Louvain graph).
   */
  evict(before: number, floor: number): Int32Array {
    // The kept weights, brought up to date where something changed, decide; they move with their pairs, so the next
    // `freeze` recomputes only what changes after the eviction rather than every pair.
    this.freeze();
    const beforeMinute = Math.floor(before / 60_000);
    const remap = new Int32Array(this.pairs).fill(-1);
    const n = this.pairs;
    let kept = 0;
    let evidence = 0;
    // Evidence is renumbered in place: each kept pair's pieces in a row, in the order of the kept pairs.
    const newIndex = new Int32Array(this.evidenceCount).fill(-1);
    for (let s = 0; s < n; s++) {
      if ((this.touched[s] ?? 0) < beforeMinute && (this.cachedAll[s] ?? 0) < floor) continue;
      remap[s] = kept;
      // Pairs only move down (kept <= s), so they are compacted in place.
      this.pairA[kept] = this.pairA[s] ?? 0;
      this.pairB[kept] = this.pairB[s] ?? 0;
      this.touched[kept] = this.touched[s] ?? 0;
      this.kindBits[kept] = this.kindBits[s] ?? 0;
      this.cachedAll[kept] = this.cachedAll[s] ?? 0;
      this.cachedControl[kept] = this.cachedControl[s] ?? 0;
      this.cachedPartition[kept] = this.cachedPartition[s] ?? 0;
      this.cachedAnchor[kept] = this.cachedAnchor[s] ?? 0;
      const first = this.head[s] ?? -1;
      this.head[kept] = first < 0 ? -1 : evidence;
      for (let e = first; e >= 0; e = this.evNext[e] ?? -1) newIndex[e] = evidence++;
      kept++;
    }
    this.moveEvidence(newIndex, evidence);
    this.frozen = null;
    // Slots are renumbered: the lists of pairs by key and by account are renumbered in place (built afresh, their old
    // copies, long-lived and as large as the graph, went to the collector at every sweep); the kept weights moved with
    // their pairs (nothing is dirty, as `freeze` just ran).
    this.cachedPairs = kept;
    this.renumberKeySlots(remap);
    if (kept === n) return remap;
    this.pairs = kept;
    this.slots = new PairTable(kept);
    for (let s = 0; s < kept; s++) this.slots.set(this.pairA[s] ?? 0, this.pairB[s] ?? 0, s);
    for (const list of this.bySlotOf) renumber(list, remap);
    while (this.bySlotOf.length > 0 && this.bySlotOf[this.bySlotOf.length - 1]?.length === 0) this.bySlotOf.pop();
    return remap;
  }

  /**
   * Each key's pairs renumbered by `remap`, ascending and each once, keeping only the pairs whose evidence is on the key
   * now (`add` lists a pair under a less crowded key when it finds one, and leaves it under the old one till here).
   */
  private renumberKeySlots(remap: Int32Array): void {
    this.keySlots.forEach((list, key) => {
      let at = 0;
      for (const old of list) {
        const slot = remap[old] ?? -1;
        if (slot >= 0 && this.refersTo(slot, key)) list[at++] = slot;
      }
      list.length = at;
      if (at === 0) {
        this.keySlots.delete(key);
        return;
      }
      // Most lists are ascending already (a sort copies the list even then).
      if (!ascending(list)) list.sort((x, y) => x - y);
      at = 1;
      for (let i = 1; i < list.length; i++) if (list[i] !== list[at - 1]) list[at++] = list[i] ?? 0;
      list.length = at;
    });
  }

  /** Whether a piece of the evidence of the pair in `slot` is on `key`. */
  private refersTo(slot: number, key: number): boolean {
    for (let e = this.head[slot] ?? -1; e >= 0; e = this.evNext[e] ?? -1) if (this.evKey[e] === key) return true;
    return false;
  }

  /**
   * Moves each piece of evidence `e` to `newIndex[e]` (-1: dropped) inside the arrays it is in, following the cycles of
   * the renumbering (no second set of arrays: at the report-scale population they held tens of MB, and each eviction's
   * fresh copy left holes in the allocator's heap). Pieces at `count` and after are zeroed, as in fresh arrays.
   */
  private moveEvidence(newIndex: Int32Array, count: number): void {
    const { evKind, evKey, evCount, evMass, evNext, evWeight } = this;
    const old = this.evidenceCount;
    for (let e = 0; e < old; e++) {
      const next = evNext[e] ?? -1;
      if ((newIndex[e] ?? -1) >= 0) evNext[e] = next < 0 ? -1 : (newIndex[next] ?? -1);
    }
    // newIndex[e] becomes MOVED once the piece first at e has been carried away, PLACED once e holds its final piece.
    const MOVED = -2;
    const PLACED = -3;
    for (let start = 0; start < old; start++) {
      let to = newIndex[start] ?? -1;
      if (to < 0 || to === start) continue;
      let kind = evKind[start] ?? 0;
      let key = evKey[start] ?? 0;
      let uses = evCount[start] ?? 0;
      let mass = evMass[start] ?? 0;
      let next = evNext[start] ?? 0;
      let weight = evWeight[start] ?? 0;
      newIndex[start] = MOVED;
      for (;;) {
        const onward = newIndex[to] ?? -1;
        const displacedKind = evKind[to] ?? 0;
        const displacedKey = evKey[to] ?? 0;
        const displacedUses = evCount[to] ?? 0;
        const displacedMass = evMass[to] ?? 0;
        const displacedNext = evNext[to] ?? 0;
        const displacedWeight = evWeight[to] ?? 0;
        evKind[to] = kind;
        evKey[to] = key;
        evCount[to] = uses;
        evMass[to] = mass;
        evNext[to] = next;
        evWeight[to] = weight;
        newIndex[to] = PLACED;
        // The piece displaced was dropped or already carried away: the cycle or chain ends here.
        if (onward < 0) break;
        kind = displacedKind;
        key = displacedKey;
        uses = displacedUses;
        mass = displacedMass;
        next = displacedNext;
        weight = displacedWeight;
        to = onward;
      }
    }
    for (const a of [evKind, evKey, evCount, evMass, evNext, evWeight]) a.fill(0, count, old);
    this.evidenceCount = count;
    // Arrays grown by doubling keep their room after an eviction: when it is more than half as much again as the
    // pieces kept and a quarter more, they are cut to that (copies of the pieces kept, not of those before eviction).
    const room = Math.max(MIN_EVIDENCE_ROOM, Math.ceil(count * 1.25));
    if (evKind.length > 1.5 * room) {
      this.evKind = evKind.slice(0, room);
      this.evKey = evKey.slice(0, room);
      this.evCount = evCount.slice(0, room);
      this.evMass = evMass.slice(0, room);
      this.evNext = evNext.slice(0, room);
      this.evWeight = evWeight.slice(0, room);
    }
  }

  /** Calls `fn(key)` for every key some pair's evidence refers to (such keys must outlive the pairs). */
  forEachKey(fn: (key: number) => void): void {
    for (let e = 0; e < this.evidenceCount; e++) {
      const k = this.evKey[e] ?? -1;
      if (k >= 0) fn(k);
    }
  }

  /** Number of evidence updates since the previous call. */
  takeChanges(): number {
    const c = this.changes;
    this.changes = 0;
    return c;
  }
}
