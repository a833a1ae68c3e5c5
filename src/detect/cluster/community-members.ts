/** The accounts of each community of a partition (account -> community), in the order the partition lists them. */
export function membersByCommunity(community: ReadonlyMap<number, number>): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (const [a, c] of community) {
    let list = members.get(c);
    if (list === undefined) members.set(c, (list = []));
    list.push(a);
  }
  return members;
}
