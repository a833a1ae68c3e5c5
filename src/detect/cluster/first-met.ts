/**
 * Distinct account numbers (or any small non-negative integers) in the order first added, emptied at no cost per
 * entry: marks in a typed array reused from round to round instead of a set per round. For passes that run at every
 * refresh over groups of the whole population (a family's users, a component's accounts).
 */
import { grow } from './typed-arrays.js';

export class FirstMet {
  private marks = new Int32Array(1024);
  private round = 1;
  /** what was added since `clear`, in the order first added */
  readonly list: number[] = [];

  /** Starts a new round: the list empties and nothing counts as added. */
  clear(): void {
    this.round++;
    this.list.length = 0;
  }

  /** Adds `x` unless it was added since `clear`; returns whether it was new. */
  add(x: number): boolean {
    this.marks = grow(this.marks, x + 1);
    if (this.marks[x] === this.round) return false;
    this.marks[x] = this.round;
    this.list.push(x);
    return true;
  }
}
