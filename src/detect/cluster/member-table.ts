/**
 * The accounts that touched one shared key, each with its last touch, in insertion order: what a
 * `Map<account, time>` gives, in one typed array of (account, time) pairs plus, past a few members, a hash index of
 * positions. A Map costs about 24 bytes an entry plus a boxed number for every time (log times in ms are beyond
 * V8's small integers); this costs 16 bytes a member, and 8 more for the index once there are more than
 * LINEAR_MAX. Members are never removed (a key is forgotten whole).
 */

/** Up to this many members, lookups scan the pairs (cheaper than an index for the many keys of two or three). */
const LINEAR_MAX = 8;

export class MemberTable implements ReadonlyMap<number, number> {
  /** account, time, account, time, ... in insertion order (an account index is exact in a double) */
  private pairs: Float64Array;
  private count = 0;
  /** open addressing: position + 1 of the member whose account hashes there (0: empty); null up to LINEAR_MAX */
  private index: Int32Array | null = null;

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

  private reindex(size: number): void {
    const index = new Int32Array(size);
    for (let i = 0; i < this.count; i++) insert(index, this.pairs[2 * i]!, i);
    this.index = index;
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.count; i++) yield [this.pairs[2 * i]!, this.pairs[2 * i + 1]!];
  }

  *keys(): MapIterator<number> {
    for (let i = 0; i < this.count; i++) yield this.pairs[2 * i]!;
  }

  *values(): MapIterator<number> {
    for (let i = 0; i < this.count; i++) yield this.pairs[2 * i + 1]!;
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

function slotOf(account: number): number {
  return Math.imul(account, 0x9e3779b1) >>> 0;
}
