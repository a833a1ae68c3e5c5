/**
 * A bounded set of 32-bit hashes in one typed array (open addressing), for the per-account memory of prompts already
 * asked. A `Set<number>` of the same hashes costs about 20 bytes an entry plus a heap number for every hash of 2^31
 * or more; this costs 8 bytes a slot at a load of at most one half, and starts small, because most accounts ask few
 * distinct prompts.
 */

const EMPTY = 0;
const MIN_SLOTS = 8;

export class HashSet32 {
  private slots: Uint32Array;
  private count = 0;
  /** 0 marks an empty slot, so the hash 0 is held apart. */
  private hasZero = false;

  /** `cap`: the most hashes held; `add` past it does nothing (the first `cap` distinct hashes are kept). */
  constructor(readonly cap: number) {
    if (!(Number.isInteger(cap) && cap > 0)) throw new RangeError('HashSet32: cap must be a positive integer');
    this.slots = new Uint32Array(MIN_SLOTS);
  }

  get size(): number {
    return this.count;
  }

  has(hash: number): boolean {
    const h = hash >>> 0;
    if (h === EMPTY) return this.hasZero;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === h) return true;
      if (v === EMPTY) return false;
    }
  }

  /** Adds `hash` unless it is there or the set is full; returns whether it was added. */
  add(hash: number): boolean {
    const h = hash >>> 0;
    if (this.count >= this.cap || this.has(h)) return false;
    this.count++;
    if (h === EMPTY) {
      this.hasZero = true;
      return true;
    }
    if (this.count * 2 > this.slots.length) this.resize(this.slots.length * 2);
    insert(this.slots, h);
    return true;
  }

  private resize(size: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(size);
    for (let i = 0; i < old.length; i++) if (old[i]! !== EMPTY) insert(this.slots, old[i]!);
  }
}

function insert(slots: Uint32Array, h: number): void {
  const mask = slots.length - 1;
  let i = mix(h) & mask;
  while (slots[i]! !== EMPTY) i = (i + 1) & mask;
  slots[i] = h;
}

/** Spreads FNV hashes, whose low bits alone cluster, over the table. */
function mix(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}
