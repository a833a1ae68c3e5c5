/**
 * Puts a group found by its own evidence (a low-and-slow family, a coordinated-content campaign, a rotating fleet on
 * its exits) into one community of the partition: the community that holds most of its accounts, when that one holds
 * at least `minShare` of them, else a new community numbered by `fresh`.
 */
export function placeGroup(community: Map<number, number>, accounts: readonly number[], fresh: () => number, minShare: number): void {
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
  for (const a of accounts) community.set(a, best);
}
