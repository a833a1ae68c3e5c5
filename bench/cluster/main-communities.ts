import { membersByCommunity } from '../../src/detect/cluster/community-members.js';

/**
 * Per campaign among `accounts`, its main community in `community` (the one holding most of its accounts): how much
 * of the campaign it holds, its size, its purity and its six largest groups. `groupOf` names an account's campaign,
 * or `b:segment` for a benign account. One line per campaign, for stage-trace.ts and partition-replay.ts.
 */
export function mainCommunityLines(
  community: ReadonlyMap<number, number>,
  accounts: Iterable<number>,
  groupOf: (a: number) => string,
  isCampaign: (group: string) => boolean,
): string[] {
  const members = membersByCommunity(community);
  const total = new Map<string, number>();
  for (const a of accounts) total.set(groupOf(a), (total.get(groupOf(a)) ?? 0) + 1);
  const lines: string[] = [];
  for (const [g, n] of [...total].sort()) {
    if (!isCampaign(g)) continue;
    const votes = new Map<number, number>();
    for (const [a, c] of community) if (groupOf(a) === g) votes.set(c, (votes.get(c) ?? 0) + 1);
    const [best, v] = [...votes].sort((x, y) => y[1] - x[1])[0] ?? [-1, 0];
    const m = members.get(best) ?? [];
    const comp = new Map<string, number>();
    for (const a of m) comp.set(groupOf(a), (comp.get(groupOf(a)) ?? 0) + 1);
    const compS = [...comp].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([x, y]) => `${x} ${y}`).join(', ');
    const purity = (100 * v) / Math.max(1, m.length);
    lines.push(`  ${g}: ${n} placed; main community ${best} holds ${v} (${((100 * v) / n).toFixed(1)}%), size ${m.length}, purity ${purity.toFixed(1)}%; ${compS}`);
  }
  return lines;
}
