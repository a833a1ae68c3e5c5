/**
 * The operator's core of a cluster: its harvesting members joined to one another by hard evidence of common control
 * (a private address, fingerprint or payment instrument, a registration burst, a succession) or by the addresses they
 * send from. Louvain puts a small group weakly tied to a campaign (a lab's research accounts next to a developer who
 * once shared a subnet with it) into the campaign's community; such a group is tied hard only to itself, so it forms a
 * component of its own, far smaller than the campaign's, and the cluster's verdict is not carried to it.
 */
import type { UnionFind } from './union-find.js';

/** A component of harvesting members is part of the core when it holds at least this share of the largest one's. */
export const CORE_SHARE = 0.25;

/** The members of `harvesters` in components at least CORE_SHARE the size of the largest (counted over harvesters). */
export function coreOf(harvesters: ReadonlySet<number>, components: UnionFind): Set<number> {
  const size = new Map<number, number>();
  for (const a of harvesters) {
    const r = components.find(a);
    size.set(r, (size.get(r) ?? 0) + 1);
  }
  let largest = 0;
  for (const n of size.values()) if (n > largest) largest = n;
  const core = new Set<number>();
  for (const a of harvesters) if ((size.get(components.find(a)) ?? 0) >= CORE_SHARE * largest) core.add(a);
  return core;
}
