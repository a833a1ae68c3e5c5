/**
 * Counts per index of a dense numbering, read back and cleared after each round: how a pass counts what one group (a
 * community, a key) shares with each other group without a map keyed by pairs of groups, whose entries grow with the
 * square of the groups on a crowded address or account.
 */
export class DenseCounts {
  private readonly counts: Int32Array;
  /** indices counted since the last `drain`, in the order first counted */
  private readonly met: number[] = [];

  constructor(size: number) {
    this.counts = new Int32Array(size);
  }

  add(index: number): void {
    if (this.counts[index] === 0) this.met.push(index);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
  }

  /** Calls `fn(index, count)` for each index counted since the last drain, in the order first counted; clears them. */
  drain(fn: (index: number, count: number) => void): void {
    for (const index of this.met) {
      const count = this.counts[index] ?? 0;
      this.counts[index] = 0;
      fn(index, count);
    }
    this.met.length = 0;
  }
}
