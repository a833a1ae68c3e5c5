/**
 * The templates an account uses most, in bounded memory (Space-Saving with `k` counters): how concentrated its
 * prompts are on one template. Each counter remembers how much it may overcount (the count it inherited), and the
 * share reported is the guaranteed lower bound, so a stream of all-different items reads as ~0, not 1/k.
 */
export class HeavyHitters {
  /**
   * The counters in the order they were taken (a replaced counter moves to the end): small parallel arrays, cheaper
   * than maps at this size; on ties the earliest counter wins, in `add` and in `top`.
   */
  private readonly items: string[] = [];
  private readonly counts: number[] = [];
  private readonly errors: number[] = [];
  private total = 0;
  constructor(private readonly k = 12) {}

  add(item: string): void {
    this.total++;
    const items = this.items;
    const n = items.length;
    for (let i = 0; i < n; i++) {
      if (items[i] !== item) continue;
      this.counts[i]!++;
      return;
    }
    if (n < this.k) {
      items.push(item);
      this.counts.push(1);
      this.errors.push(0);
      return;
    }
    const counts = this.counts;
    const errors = this.errors;
    let weakest = 0;
    for (let i = 1; i < n; i++) if (counts[i]! < counts[weakest]!) weakest = i;
    const min = counts[weakest]!;
    // The weakest counter leaves and the new one goes to the end (moved by hand: `splice` costs more at this size).
    for (let i = weakest + 1; i < n; i++) {
      items[i - 1] = items[i]!;
      counts[i - 1] = counts[i]!;
      errors[i - 1] = errors[i]!;
    }
    items[n - 1] = item;
    counts[n - 1] = min + 1;
    errors[n - 1] = min;
  }

  /** The most frequent item and its share of all items (0 when empty). */
  top(): { item: string | null; share: number } {
    let best: string | null = null;
    let max = 0;
    for (let i = 0; i < this.items.length; i++) {
      const v = this.counts[i]! - this.errors[i]!;
      if (v > max) {
        max = v;
        best = this.items[i]!;
      }
    }
    return { item: best, share: this.total === 0 ? 0 : max / this.total };
  }
}
