/**
 * Families of keys worked by the same accounts: a campaign rotates a few phrasings of one wrapper, or runs its accounts
 * on a few setups of its own (an agent prompt, an analyst prompt, a computer-use prompt), and the accounts that use
 * one use the others. Two keys are one family when a given share of the less used one's accounts also use the other.
 */
import { UnionFind } from './union-find.js';

/** Groups `list` into families by shared accounts (`overlap` of the smaller key's accounts). */
export function familiesByOverlap<T extends { members: ReadonlyMap<number, unknown> }>(list: readonly T[], overlap: number): T[][] {
  const byAccount = new Map<number, number[]>();
  list.forEach((t, i) => {
    for (const a of t.members.keys()) {
      let l = byAccount.get(a);
      if (l === undefined) byAccount.set(a, (l = []));
      l.push(i);
    }
  });
  const shared = new Map<number, number>();
  for (const l of byAccount.values()) {
    for (let x = 0; x < l.length; x++) {
      for (let y = x + 1; y < l.length; y++) {
        const key = (l[x] ?? 0) * list.length + (l[y] ?? 0);
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const family = new UnionFind();
  for (const [key, n] of shared) {
    const a = Math.floor(key / list.length);
    const b = key % list.length;
    const smaller = Math.min(list[a]?.members.size ?? 0, list[b]?.members.size ?? 0);
    if (n >= overlap * smaller) family.union(a, b);
  }
  const families = new Map<number, T[]>();
  list.forEach((t, i) => {
    const r = family.find(i);
    let f = families.get(r);
    if (f === undefined) families.set(r, (f = []));
    f.push(t);
  });
  return [...families.values()];
}
