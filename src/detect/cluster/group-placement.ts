/**
 * Puts a group found by its own evidence (a low-and-slow family, a coordinated-content campaign, a rotating fleet on
 * its exits) into one community of the partition: the community that holds most of its accounts, when that one holds
 * at least `minShare` of them, else a new community numbered by `fresh`.
 *
 * With `sizes` (accounts per community, kept up to date here) and `minShareOfCommunity`, the group joins that
 * community only when it makes up at least that share of it once joined; else it is a community of its own. A family
 * or campaign found by its own prompts and setups is one operator's; a community it is a small part of is mostly
 * other accounts, put together by what Louvain saw, and at the `report-scale` population without payment data that
 * was chance /24 meetings of rotating residential exits: the agentic campaign, found as a group of its own, was
 * placed in a community of 8,272 accounts that held the reseller's 3,531 (docs/clusters.md).
 */
export interface PlacementSizes {
  /** accounts per community, updated as accounts move */
  sizes: Map<number, number>;
  /** the least share of the joined community the group must make up */
  minShareOfCommunity: number;
}

export function placeGroup(
  community: Map<number, number>,
  accounts: readonly number[],
  fresh: () => number,
  minShare: number,
  bySize?: PlacementSizes,
): void {
  if (accounts.length === 0) return;
  const votes = new Map<number, number>();
  for (const a of accounts) {
    const c = community.get(a);
    if (c !== undefined) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  let best = -1;
  let bestVotes = 0;
  for (const [c, v] of votes) if (v > bestVotes) [best, bestVotes] = [c, v];
  if (best < 0 || bestVotes < minShare * accounts.length) best = fresh();
  else if (bySize !== undefined) {
    const joined = (bySize.sizes.get(best) ?? 0) + accounts.length - bestVotes;
    if (accounts.length < bySize.minShareOfCommunity * joined) best = fresh();
  }
  for (const a of accounts) {
    if (bySize !== undefined) {
      const from = community.get(a);
      if (from !== undefined) bySize.sizes.set(from, (bySize.sizes.get(from) ?? 0) - 1);
      bySize.sizes.set(best, (bySize.sizes.get(best) ?? 0) + 1);
    }
    community.set(a, best);
  }
}

/** Accounts per community. */
export function communitySizes(community: ReadonlyMap<number, number>): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const c of community.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  return sizes;
}
