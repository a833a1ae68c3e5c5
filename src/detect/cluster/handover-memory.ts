/**
 * Remembers the hand-overs of rotating fleets (rotation.ts) across refreshes: which account took over from which.
 * A rotating fleet's accounts live a day or two and then stop; their weak links on crowded exits are forgotten after
 * a while (refresh.ts, `forgetStale`) and the stopped accounts leave the graph, and with them the hand-overs that made
 * the fleet. The chain they formed is still the operator's: the fleet is judged on it whole, and its verdict names
 * every account of it, the ones that stopped before the verdict included (a ban of the fleet must name them).
 *
 * Each refresh matches an account to one predecessor and uses it once as one, so an account has two mates here, a
 * few when later refreshes matched it differently: memory in proportion to the accounts that ever handed over.
 */
export class HandoverMemory {
  private readonly mates = new Map<number, number[]>();

  /** Records that `next` took over from `prev`. */
  note(prev: number, next: number): void {
    this.add(prev, next);
    this.add(next, prev);
  }

  /** Accounts remembered in a hand-over. */
  get size(): number {
    return this.mates.size;
  }

  /** Every account chained to any of `seeds` by remembered hand-overs, the seeds that have any included. */
  chainOf(seeds: Iterable<number>): Set<number> {
    const out = new Set<number>();
    const stack: number[] = [];
    for (const s of seeds) {
      if (this.mates.has(s) && !out.has(s)) {
        out.add(s);
        stack.push(s);
      }
    }
    for (let a = stack.pop(); a !== undefined; a = stack.pop()) {
      for (const b of this.mates.get(a) ?? []) {
        if (!out.has(b)) {
          out.add(b);
          stack.push(b);
        }
      }
    }
    return out;
  }

  private add(a: number, b: number): void {
    const list = this.mates.get(a);
    if (list === undefined) this.mates.set(a, [b]);
    else if (!list.includes(b)) list.push(b);
  }
}
