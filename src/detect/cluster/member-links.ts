/**
 * The evidence linking each member of a community to the others, gathered pair by pair at one refresh: per member its
 * strongest link of common control and its strongest tie beyond its card, and per kind of evidence the partners it
 * links to, the strongest single-pair weight, the least crowded key and the co-occurrences. Held in typed arrays indexed
 * by account and kind and reused from refresh to refresh (with a map of small objects per member, crediting the evidence
 * took three times as long at the 45-day scenario's population, and left its objects to the collector).
 */
import { LINK_KINDS } from './link-kinds.js';
import { grow } from './typed-arrays.js';

const KINDS = LINK_KINDS.length;

/** Pieces of evidence lighter than this are not shown among a member's links (they still count in its pair's weight). */
export const MIN_SHOWN_WEIGHT = 0.05;

export interface KindLinks {
  partners: number;
  weight: number;
  /** the least crowded key of the kind's evidence, or -1 */
  key: number;
  count: number;
}

export class MemberLinks {
  private strongestOf = new Float64Array(0);
  private beyondCardOf = new Float64Array(0);
  /** per account: how many kinds it has met; per account and place: the kinds in the order first met */
  private metOf = new Uint8Array(0);
  private order = new Uint8Array(0);
  /** per account and kind */
  private partners = new Int32Array(0);
  private weight = new Float64Array(0);
  private key = new Int32Array(0);
  private keyCrowd = new Int32Array(0);
  private count = new Float64Array(0);
  private credited = new Uint8Array(0);
  private readonly creditedList: number[] = [];
  /** the current pair's evidence (kind, key, the key's distinct accounts, count, weight) */
  private pairKind = new Uint8Array(KINDS * 4);
  private pairKey = new Int32Array(KINDS * 4);
  private pairCrowd = new Int32Array(KINDS * 4);
  private pairCount = new Float64Array(KINDS * 4);
  private pairWeight = new Float64Array(KINDS * 4);
  private pairLength = 0;

  /** Forgets the last refresh's links; accounts are numbered below `bound`. */
  reset(bound: number): void {
    for (const a of this.creditedList) {
      this.credited[a] = 0;
      this.strongestOf[a] = 0;
      this.beyondCardOf[a] = 0;
      this.metOf[a] = 0;
    }
    this.creditedList.length = 0;
    this.strongestOf = grow(this.strongestOf, bound);
    this.beyondCardOf = grow(this.beyondCardOf, bound);
    this.metOf = grow(this.metOf, bound);
    this.credited = grow(this.credited, bound);
    this.order = grow(this.order, bound * KINDS);
    this.partners = grow(this.partners, bound * KINDS);
    this.weight = grow(this.weight, bound * KINDS);
    this.key = grow(this.key, bound * KINDS);
    this.keyCrowd = grow(this.keyCrowd, bound * KINDS);
    this.count = grow(this.count, bound * KINDS);
  }

  /** Starts the evidence of one pair. */
  beginPair(): void {
    this.pairLength = 0;
  }

  /**
   * One piece of the current pair's evidence, of MIN_SHOWN_WEIGHT or more; `crowd` is the number of accounts on `key`
   * (unread when key < 0).
   */
  addEvidence(kind: number, key: number, crowd: number, count: number, weight: number): void {
    const i = this.pairLength++;
    if (i >= this.pairKind.length) this.growPair();
    this.pairKind[i] = kind;
    this.pairKey[i] = key;
    this.pairCrowd[i] = crowd;
    this.pairCount[i] = count;
    this.pairWeight[i] = weight;
  }

  /** Credits the current pair's evidence to its member `x`, with the pair's control weight and tie beyond the card. */
  credit(x: number, control: number, beyondCard: number): void {
    if (this.credited[x] !== 1) {
      this.credited[x] = 1;
      this.creditedList.push(x);
    }
    if (control > (this.strongestOf[x] ?? 0)) this.strongestOf[x] = control;
    if (beyondCard > (this.beyondCardOf[x] ?? 0)) this.beyondCardOf[x] = beyondCard;
    const base = x * KINDS;
    for (let i = 0; i < this.pairLength; i++) {
      const kind = this.pairKind[i]!;
      const at = base + kind;
      const weight = this.pairWeight[i]!;
      const key = this.pairKey[i]!;
      if (!this.hasKind(x, kind)) {
        this.order[base + this.metOf[x]!] = kind;
        this.metOf[x]!++;
        this.partners[at] = 1;
        this.weight[at] = weight;
        this.key[at] = key;
        this.keyCrowd[at] = this.pairCrowd[i]!;
        this.count[at] = this.pairCount[i]!;
        continue;
      }
      this.partners[at]!++;
      if (weight > this.weight[at]!) this.weight[at] = weight;
      this.count[at]! += this.pairCount[i]!;
      if (key >= 0 && (this.key[at]! < 0 || this.pairCrowd[i]! < this.keyCrowd[at]!)) {
        this.key[at] = key;
        this.keyCrowd[at] = this.pairCrowd[i]!;
      }
    }
  }

  /** The member's strongest evidence of common control (not mere shared content) to another member; 0 if none. */
  strongest(x: number): number {
    return this.credited[x] === 1 ? this.strongestOf[x]! : 0;
  }

  /** The member's strongest tie beyond its card (see MemberContext.tieBeyondCard); 0 if none. */
  beyondCard(x: number): number {
    return this.credited[x] === 1 ? this.beyondCardOf[x]! : 0;
  }

  /** The member's strongest single-pair weight of `kind`; 0 if none. */
  weightOf(x: number, kind: number): number {
    return this.hasKind(x, kind) ? this.weight[x * KINDS + kind]! : 0;
  }

  /** The member's links of `kind` (which it must have: see `forEachWeight`). */
  linksOf(x: number, kind: number): KindLinks {
    const at = x * KINDS + kind;
    return { partners: this.partners[at]!, weight: this.weight[at]!, key: this.key[at]!, count: this.count[at]! };
  }

  /** Calls `fn(kind, weight)` for each kind of the member's evidence, in the order met, without building its links. */
  forEachWeight(x: number, fn: (kind: number, weight: number) => void): void {
    if (this.credited[x] !== 1) return;
    const base = x * KINDS;
    const met = this.metOf[x]!;
    for (let i = 0; i < met; i++) {
      const kind = this.order[base + i]!;
      fn(kind, this.weight[base + kind]!);
    }
  }

  private hasKind(x: number, kind: number): boolean {
    if (this.credited[x] !== 1) return false;
    const base = x * KINDS;
    const met = this.metOf[x]!;
    for (let i = 0; i < met; i++) if (this.order[base + i] === kind) return true;
    return false;
  }

  private growPair(): void {
    const n = 2 * this.pairKind.length;
    this.pairKind = grow(this.pairKind, n);
    this.pairKey = grow(this.pairKey, n);
    this.pairCrowd = grow(this.pairCrowd, n);
    this.pairCount = grow(this.pairCount, n);
    this.pairWeight = grow(this.pairWeight, n);
  }
}
