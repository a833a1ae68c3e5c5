/**
 * Families of keys worked by the same accounts: a campaign rotates a few phrasings of one wrapper, or runs its accounts
 * on a few setups of its own (an agent prompt, an analyst prompt, a computer-use prompt), and the accounts that use
 * one use the others. Two keys are one family when a given share of the less used one's accounts also use the other.
 */
import { DenseCounts } from './dense-counts.js';
import { UnionFind } from './union-find.js';

/** Groups `list` into families by shared accounts (`overlap` of the smaller key's accounts). */
export function familiesByOverlap<T extends { members: ReadonlyMap<number, unknown> }>(list: readonly T[], overlap: number): T[][] {
  const byAccount = new Map<number, number[]>();
  list.forEach((t, i) => {
    t.members.forEach((_, a) => {
      let l = byAccount.get(a);
      if (l === undefined) byAccount.set(a, (l = []));
      l.push(i);
    });
  });
  // Per key, the accounts it shares with each key listed after it.
  const family = new UnionFind();
  const sharedWith = new DenseCounts(list.length);
  list.forEach((t, x) => {
    t.members.forEach((_, a) => {
      const keys = byAccount.get(a)!;
      for (let i = 0; i < keys.length; i++) if (keys[i]! > x) sharedWith.add(keys[i]!);
    });
    sharedWith.drain((y, n) => {
      if (n >= overlap * Math.min(t.members.size, list[y]?.members.size ?? 0)) family.union(x, y);
    });
  });
  const families = new Map<number, T[]>();
  list.forEach((t, i) => {
    const r = family.find(i);
    let f = families.get(r);
    if (f === undefined) families.set(r, (f = []));
    f.push(t);
  });
  return [...families.values()];
}
