/**
 * Splits a community into the operators it holds when they are tied to one another by chance alone (issue 14).
 *
 * Modularity judges a community against the whole graph: the larger the graph, the less weight it takes to join two
 * groups (the resolution limit). At the `report-scale` population a group of 5-14 accounts on one card of the agentic
 * campaign sat in one Louvain community with 20-24 accounts on one card of the reseller, tied by 0.3-1.9 of partition
 * weight (a few chance successions and /24 meetings) against 35-150 inside the agentic group and 440-620 inside the
 * reseller's; the address merge then joined those mixed communities with the reseller's other pieces, and the
 * agentic campaign with them.
 *
 * A *core* is a set of 3+ accounts of the community joined by an instrument or a client the operator holds (payment,
 * client fingerprint, User-Agent: CORE_KINDS, MIN_ANCHOR or more per pair): each core is one operator's. Registration
 * bursts do not make cores: at this population sign-ups of different operators fall in the same 15 minutes with the
 * same mail provider and country by chance (they tied the reseller to the low-and-slow campaign), and cores made of
 * them split the low-and-slow campaign's sign-up waves off its community when payment data is missing (a quarter of
 * `report-scale-4d` without payment: approximate ARI after the address merge 0.552 -> 0.515 with them, 0.552 without).
 * Cores tied to one another by at least
 * CORE_TIE_SHARE of the smaller one's own weight stay together; the others are split, each with the accounts of the
 * community that are tied to it more than to any other (accounts tied to none stay with the largest). The address
 * merge then runs on the pieces: pieces of one operator on one egress pool are joined again, and a piece it joins to
 * no group outside its community goes back to that community (`returnUnclaimedPieces`), so that a core no pool
 * claims (a new card's accounts with few addresses yet, a small operator without a pool of its own) stays where
 * Louvain put it, as before. The split only hands a core to the operator its own addresses show.
 */
import { MIN_ANCHOR } from './address-churn.js';
import { membersByCommunity } from './community-members.js';
import { LINK_KINDS } from './link-kinds.js';
import { UnionFind } from './union-find.js';

/** A core has at least this many accounts. */
export const CORE_MIN_ACCOUNTS = 3;
/** Kinds of evidence that make a core: what one operator holds, not what two operators meet on or do at one time. */
export const CORE_KINDS: ReadonlySet<number> = new Set(['payment', 'client_fp', 'user_agent'].map((k) => LINK_KINDS.indexOf(k as (typeof LINK_KINDS)[number])));
/** Two cores stay together when the weight between them is at least this share of the smaller core's own weight. */
export const CORE_TIE_SHARE = 0.1;

/** What the split reads of the pair links (PairLinks while frozen). */
export interface CoreLinks {
  forEachPairOf(accounts: Iterable<number>, accept: (a: number, b: number) => boolean, fn: (a: number, b: number, slot: number) => void): void;
  partitionWeight(slot: number): number;
  visitEvidence(slot: number, fn: (kind: number, key: number, count: number, weight: number) => void): void;
}

/**
 * The sum `coreTie` builds, in a typed array: asked of every pair inside every community at each refresh, a number a
 * closure adds to would be a fresh heap object at each addition.
 */
const tieSum = new Float64Array(1);
const addCoreWeight = (kind: number, _key: number, _count: number, weight: number): void => {
  if (CORE_KINDS.has(kind)) tieSum[0]! += weight;
};

/** The pair's weight of CORE_KINDS. */
function coreTie(links: CoreLinks, slot: number): number {
  tieSum[0] = 0;
  links.visitEvidence(slot, addCoreWeight);
  return tieSum[0]!;
}

/** A piece split off a community: its new number and the number of the community it was split from. */
export interface SplitPiece {
  piece: number;
  from: number;
}

/** Rewrites `community` in place; `fresh` numbers new communities. Returns the pieces split off. */
export function splitLooseCores(community: Map<number, number>, links: CoreLinks, fresh: () => number): SplitPiece[] {
  const members = membersByCommunity(community);
  const split: SplitPiece[] = [];
  for (const [c, list] of members) {
    if (list.length < 2 * CORE_MIN_ACCOUNTS) continue;
    for (const piece of splitOne(c, list, community, links, fresh)) split.push({ piece, from: c });
  }
  return split;
}

/**
 * After the address merge (`community` as it left it, `before` as it was given to it): a piece split off that the
 * merge joined to no group outside the community it came from goes back to the group of that community's largest
 * piece. Splitting is for handing a core to the operator its own pool shows; a core no pool claims (a new card's
 * accounts with few addresses yet, a small operator without a pool) stays where Louvain put it.
 */
export function returnUnclaimedPieces(community: Map<number, number>, before: ReadonlyMap<number, number>, split: readonly SplitPiece[]): number {
  if (split.length === 0) return 0;
  const origin = new Map<number, number>();
  for (const { piece, from } of split) origin.set(piece, from);
  const originOf = (c: number): number => origin.get(c) ?? c;
  // Per group after the merge: the communities (before any split) its pieces came from, up to two.
  const sources = new Map<number, Set<number>>();
  const someAccount = new Map<number, number>();
  for (const [a, c] of before) {
    if (!someAccount.has(c)) someAccount.set(c, a);
    const g = community.get(a);
    if (g === undefined) continue;
    let s = sources.get(g);
    if (s === undefined) sources.set(g, (s = new Set()));
    if (s.size < 2) s.add(originOf(c));
  }
  const back = new Map<number, number>();
  for (const { piece, from } of split) {
    const a = someAccount.get(piece);
    const home = someAccount.get(from);
    if (a === undefined || home === undefined) continue;
    if ((sources.get(community.get(a) ?? -1)?.size ?? 0) > 1) continue;
    back.set(community.get(a) ?? -1, community.get(home) ?? -1);
  }
  if (back.size === 0) return 0;
  for (const [a, g] of community) {
    const to = back.get(g);
    if (to !== undefined) community.set(a, to);
  }
  return back.size;
}

/** Splits community `c` (its accounts `list`) into its loosely tied cores; returns the new numbers given. */
function splitOne(c: number, list: readonly number[], community: Map<number, number>, links: CoreLinks, fresh: () => number): number[] {
  const inside = (a: number, b: number): boolean => community.get(a) === c && community.get(b) === c;
  const anchored = new UnionFind();
  links.forEachPairOf(list, inside, (a, b, slot) => {
    if (coreTie(links, slot) >= MIN_ANCHOR) anchored.union(a, b);
  });
  const size = new Map<number, number>();
  for (const a of list) size.set(anchored.find(a), (size.get(anchored.find(a)) ?? 0) + 1);
  const coreOf = (a: number): number => {
    const r = anchored.find(a);
    return (size.get(r) ?? 0) >= CORE_MIN_ACCOUNTS ? r : -1;
  };
  const cores = new Set<number>();
  for (const a of list) if (coreOf(a) >= 0) cores.add(coreOf(a));
  if (cores.size < 2) return [];

  // Weight inside each core, between cores, and from each other account towards each core.
  const own = new Map<number, number>();
  const between = new Map<number, Map<number, number>>();
  const towards = new Map<number, Map<number, number>>();
  const add = (m: Map<number, Map<number, number>>, x: number, y: number, w: number): void => {
    let row = m.get(x);
    if (row === undefined) m.set(x, (row = new Map()));
    row.set(y, (row.get(y) ?? 0) + w);
  };
  links.forEachPairOf(list, inside, (a, b, slot) => {
    const w = links.partitionWeight(slot);
    const ka = coreOf(a);
    const kb = coreOf(b);
    if (ka >= 0 && ka === kb) own.set(ka, (own.get(ka) ?? 0) + w);
    else if (ka >= 0 && kb >= 0) (add(between, ka, kb, w), add(between, kb, ka, w));
    else if (ka >= 0) add(towards, b, ka, w);
    else if (kb >= 0) add(towards, a, kb, w);
  });
  const joined = new UnionFind();
  for (const [x, row] of between) {
    for (const [y, w] of row) {
      if (w >= CORE_TIE_SHARE * Math.min(own.get(x) ?? 0, own.get(y) ?? 0)) joined.union(x, y);
    }
  }
  const groupOf = (core: number): number => joined.find(core);
  const accounts = new Map<number, number>();
  for (const a of list) {
    const k = coreOf(a);
    if (k >= 0) accounts.set(groupOf(k), (accounts.get(groupOf(k)) ?? 0) + 1);
  }
  if (accounts.size < 2) return [];
  let largest = -1;
  for (const [g, n] of accounts) if (largest < 0 || n > (accounts.get(largest) ?? 0) || (n === accounts.get(largest) && g < largest)) largest = g;
  const numberOf = new Map<number, number>([[largest, c]]);
  for (const g of [...accounts.keys()].sort((x, y) => x - y)) if (g !== largest) numberOf.set(g, fresh());
  for (const a of list) {
    const k = coreOf(a);
    let g = k >= 0 ? groupOf(k) : -1;
    if (g < 0) {
      const byGroup = new Map<number, number>();
      for (const [core, w] of towards.get(a) ?? []) byGroup.set(groupOf(core), (byGroup.get(groupOf(core)) ?? 0) + w);
      let best = 0;
      for (const [h, w] of byGroup) if (w > best || (w === best && h < g)) [g, best] = [h, w];
    }
    community.set(a, numberOf.get(g) ?? c);
  }
  return [...numberOf.values()].filter((n) => n !== c);
}
