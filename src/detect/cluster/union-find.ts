/** Union-find over non-negative integers (account indices, community numbers): the smaller id becomes the root. */
export class UnionFind {
  private readonly parent = new Map<number, number>();

  find(x: number): number {
    let r = x;
    while ((this.parent.get(r) ?? r) !== r) r = this.parent.get(r) ?? r;
    for (let y = x; y !== r; ) {
      const next = this.parent.get(y) ?? r;
      this.parent.set(y, r);
      y = next;
    }
    return r;
  }

  /** Joins the sets of `a` and `b`; returns whether they were apart. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
    return true;
  }

  /** Joins all of `ids` into one set. */
  unionAll(ids: Iterable<number>): void {
    let first = -1;
    for (const id of ids) {
      if (first < 0) first = id;
      else this.union(first, id);
    }
  }

  /** `ids` grouped by their set, each group and the groups in the order `ids` first names them. */
  sets(ids: Iterable<number>): number[][] {
    const byRoot = new Map<number, number[]>();
    for (const id of ids) {
      const root = this.find(id);
      const list = byRoot.get(root);
      if (list === undefined) byRoot.set(root, [id]);
      else list.push(id);
    }
    return [...byRoot.values()];
  }

  /** Whether any two ids were joined. */
  get joined(): boolean {
    return this.parent.size > 0;
  }
}
