/**
 * The templates an account uses most, in bounded memory (Space-Saving with `k` counters): how concentrated its
 * prompts are on one template. Each counter remembers how much it may overcount (the count it inherited), and the
 * share reported is the guaranteed lower bound, so a stream of all-different items reads as ~0, not 1/k.
 */
export class HeavyHitters {
  private readonly counts = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private total = 0;
  constructor(private readonly k = 12) {}

  add(item: string): void {
    this.total++;
    const c = this.counts.get(item);
    if (c !== undefined) {
      this.counts.set(item, c + 1);
      return;
    }
    if (this.counts.size < this.k) {
      this.counts.set(item, 1);
      return;
    }
    let minKey = '';
    let min = Infinity;
    for (const [key, v] of this.counts) {
      if (v < min) {
        min = v;
        minKey = key;
      }
    }
    this.counts.delete(minKey);
    this.errors.delete(minKey);
    this.counts.set(item, min + 1);
    this.errors.set(item, min);
  }

  /** The most frequent item and its share of all items (0 when empty). */
  top(): { item: string | null; share: number } {
    let best: string | null = null;
    let max = 0;
    for (const [key, c] of this.counts) {
      const v = c - (this.errors.get(key) ?? 0);
      if (v > max) {
        max = v;
        best = key;
      }
    }
    return { item: best, share: this.total === 0 ? 0 : max / this.total };
  }
}
