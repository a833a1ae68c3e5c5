/**
 * The accounts that touched one shared key, each with its last touch, in insertion order: what a
 * `Map<account, time>` gives, in one typed array of (account, time) pairs plus, past a few members, a hash index of
 * positions. A Map costs about 24 bytes an entry plus a boxed number for every time (log times in ms are beyond
 * V8's small integers); this costs 16 bytes a member, and 8 more for the index once there are more than
 * LINEAR_MAX. A member idle past a horizon can be retired (`retire`) to a sorted list of account ids, 4 bytes each: it
 * is still known to have touched the key (`isDormant`, `dormantCount`), without its time, until it touches the key
 * again (`revive`). The Map view lists the members with a time only.
 */

const EMPTY = new Uint32Array(0);

/** Up to this many members, lookups scan the pairs (cheaper than an index for the many keys of two or three). */
const LINEAR_MAX = 8;

export class MemberTable implements ReadonlyMap<number, number> {
  /** account, time, account, time, ... in insertion order (an account index is exact in a double) */
  private pairs: Float64Array;
  private count = 0;
  /** open addressing: position + 1 of the member whose account hashes there (0: empty); null up to LINEAR_MAX */
  private index: Int32Array | null = null;
  /** retired members, ascending; null while there are none */
  private dormant: Uint32Array | null = null;
  /**
   * Set by `retire`, cleared by `touched`: every member that retire kept and `keep` did not name touched the key at or
   * after this time, so a `retire` with a horizon no later than it finds nothing (most keys at most sweeps).
   */
  private quietFloor = -Infinity;

  constructor(account: number, t: number) {
    this.pairs = new Float64Array(4);
    this.set(account, t);
  }

  get size(): number {
    return this.count;
  }

  private find(account: number): number {
    const pairs = this.pairs;
    const index = this.index;
    if (index === null) {
      for (let i = 0; i < this.count; i++) if (pairs[2 * i] === account) return i;
      return -1;
    }
    const mask = index.length - 1;
    for (let s = slotOf(account) & mask; ; s = (s + 1) & mask) {
      const at = index[s]!;
      if (at === 0) return -1;
      if (pairs[2 * (at - 1)] === account) return at - 1;
    }
  }

  get(account: number): number | undefined {
    const i = this.find(account);
    return i < 0 ? undefined : this.pairs[2 * i + 1];
  }

  has(account: number): boolean {
    return this.find(account) >= 0;
  }

  /** Sets the member's last touch, appending it when new. */
  set(account: number, t: number): this {
    const i = this.find(account);
    if (i >= 0) {
      this.pairs[2 * i + 1] = t;
      return this;
    }
    if (2 * this.count === this.pairs.length) {
      const grown = new Float64Array(this.pairs.length * 2);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    const at = this.count++;
    this.pairs[2 * at] = account;
    this.pairs[2 * at + 1] = t;
    if (this.index !== null && 2 * this.count > this.index.length) this.reindex(this.index.length * 2);
    else if (this.index === null && this.count > LINEAR_MAX) this.reindex(64);
    else if (this.index !== null) insert(this.index, account, at);
    return this;
  }

  /** Members retired to the dormant list. */
  get dormantCount(): number {
    return this.dormant?.length ?? 0;
  }

  /** The accounts on the dormant list. */
  dormantAccounts(): IterableIterator<number> {
    return (this.dormant ?? EMPTY).values();
  }

  /** Whether `account` is on the dormant list. */
  isDormant(account: number): boolean {
    return this.dormant !== null && dormantAt(this.dormant, account) >= 0;
  }

  /** Takes `account` off the dormant list; whether it was there. It is then no member until `set` again. */
  revive(account: number): boolean {
    const dormant = this.dormant;
    if (dormant === null) return false;
    const at = dormantAt(dormant, account);
    if (at < 0) return false;
    const rest = new Uint32Array(dormant.length - 1);
    rest.set(dormant.subarray(0, at));
    rest.set(dormant.subarray(at + 1), at);
    this.dormant = rest.length === 0 ? null : rest;
    return true;
  }

  /** The key was touched: what `keep` names may have changed since the last `retire`. */
  touched(): void {
    this.quietFloor = -Infinity;
  }

  /**
   * Moves the members whose last touch is before `before`, except those `keep` names, to the dormant list; the others
   * keep their order. Returns how many moved. `keep` must name the same members until `touched` is called.
   */
  retire(before: number, keep: (account: number) => boolean): number {
    if (before <= this.quietFloor) return 0;
    const pairs = this.pairs;
    const retired: number[] = [];
    let kept = 0;
    let floor = Infinity;
    for (let i = 0; i < this.count; i++) {
      const account = pairs[2 * i]!;
      const t = pairs[2 * i + 1]!;
      if (t < before) {
        if (!keep(account)) {
          retired.push(account);
          continue;
        }
      } else if (t < floor) floor = t;
      pairs[2 * kept] = account;
      pairs[2 * kept + 1] = t;
      kept++;
    }
    this.quietFloor = floor;
    if (retired.length === 0) return 0;
    let capacity = 2;
    while (capacity < kept) capacity *= 2;
    this.pairs = pairs.slice(0, 2 * capacity);
    this.count = kept;
    this.index = null;
    if (kept > LINEAR_MAX) {
      let size = 64;
      while (size < 2 * kept) size *= 2;
      this.reindex(size);
    }
    const merged = new Uint32Array(this.dormantCount + retired.length);
    if (this.dormant !== null) merged.set(this.dormant);
    merged.set(retired, this.dormantCount);
    this.dormant = merged.sort();
    return retired.length;
  }

  private reindex(size: number): void {
    const index = new Int32Array(size);
    for (let i = 0; i < this.count; i++) insert(index, this.pairs[2 * i]!, i);
    this.index = index;
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.count; i++) yield [this.pairs[2 * i]!, this.pairs[2 * i + 1]!];
  }

  keys(): MapIterator<number> {
    return this.column(0);
  }

  values(): MapIterator<number> {
    return this.column(1);
  }

  /**
   * The accounts (0) or times (1) of the members, read as the iteration goes. Not a generator: a refresh reads the
   * members of every shared key several times, and a for-of loop over a generator allocates each step's result
   * (3.8 GB of the engine thread's 78 GB at report-scale-45d --scale 0.25), where one over a plain `next` need not.
   */
  private column(offset: 0 | 1): MapIterator<number> {
    let i = 0;
    const iterator = {
      next: (): IteratorResult<number, undefined> =>
        i < this.count ? { value: this.pairs[2 * i++ + offset]!, done: false } : { value: undefined, done: true },
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: number, map: ReadonlyMap<number, number>) => void): void {
    for (let i = 0; i < this.count; i++) fn(this.pairs[2 * i + 1]!, this.pairs[2 * i]!, this);
  }
}

function insert(index: Int32Array, account: number, at: number): void {
  const mask = index.length - 1;
  let s = slotOf(account) & mask;
  while (index[s]! !== 0) s = (s + 1) & mask;
  index[s] = at + 1;
}

/** Position of `account` in the ascending `dormant`, or -1. */
function dormantAt(dormant: Uint32Array, account: number): number {
  let lo = 0;
  let hi = dormant.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = dormant[mid]!;
    if (v === account) return mid;
    if (v < account) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function slotOf(account: number): number {
  return Math.imul(account, 0x9e3779b1) >>> 0;
}
