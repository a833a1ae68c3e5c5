/**
 * The evidence inside each community, pair by pair: which members common control ties together (the components a
 * cluster verdict is carried along) and, per member, its strongest link and its ties beyond its own card
 * (member-links.ts). Only the pairs inside a community are read, reached through the members' own pairs.
 */
import type { ClustererState } from './index.js';
import { LINK_KINDS } from './link-kinds.js';
import { MIN_SHOWN_WEIGHT } from './member-links.js';
import { MAX_PAIR_WEIGHT } from './pair-links.js';
import { UnionFind } from './union-find.js';

/**
 * A member's strongest single tie of a kind that shows common control by itself (not content, not synchrony), needed
 * for a verdict to be carried to it: about a private address, fingerprint or payment instrument, a registration burst
 * or the succession of a quiet account.
 */
export const MIN_HARD_TIE = 0.8;
/**
 * Repeated synchrony is no hard tie alone (a research group running one benchmark acts in step), nor is a crowded
 * address alone; a pair acting in step at MIN_SOFT_TIE or more that also shares an address, client or succession at
 * MIN_SOFT_TIE or more, the two adding up to MIN_HARD_TIE, is tied as hard: two independent kinds of evidence, neither
 * of them payment.
 */
export const MIN_SOFT_TIE = 0.3;
export const softlyTied = (sync: number, other: number): boolean =>
  sync >= MIN_SOFT_TIE && other >= MIN_SOFT_TIE && sync + other >= MIN_HARD_TIE;
export const SYNC_KIND = LINK_KINDS.indexOf('sync');
/**
 * Kinds that tie an account to accounts on other cards as one operator's (MemberContext.tieBeyondCard): not payment,
 * not content, and not a shared /24, which a cloud's unrelated tenants share (a lab's runners hosted beside a campaign).
 */
const BEYOND_CARD_KINDS = kindFlags(['ip', 'client_fp', 'user_agent', 'sync', 'registration', 'successor']);
export const HARD_TIE_KINDS = kindFlags(['payment', 'ip', 'subnet', 'client_fp', 'user_agent', 'registration', 'successor']);

/** 1 at the index of each of `kinds`: read for every piece of evidence inside a community at every refresh. */
function kindFlags(kinds: readonly (typeof LINK_KINDS)[number][]): Uint8Array {
  const flags = new Uint8Array(LINK_KINDS.length);
  for (const k of kinds) flags[LINK_KINDS.indexOf(k)] = 1;
  return flags;
}

const PAIR_SYNC = 0;
const PAIR_SOFT = 1;
const PAIR_BEYOND_CARD = 2;

/**
 * Fills `state.memberLinks` with the evidence of every pair inside a community and returns the components of common
 * control: pairs with a hard tie (or a soft one corroborated by synchrony), and accounts of one community meeting on a
 * shared address.
 */
export function linkMembers(state: ClustererState, community: ReadonlyMap<number, number>): UnionFind {
  const memberLinks = state.memberLinks;
  memberLinks.reset(state.summaries.length);
  const components = new UnionFind();
  let hardTie = false;
  // The pair's strongest synchrony, strongest hard tie and sum of ties beyond the card: in a typed array, since a
  // number a closure writes for every piece of evidence is otherwise a fresh heap object at each write.
  const pair = new Float64Array(3);
  const collect = (kind: number, key: number, count: number, weight: number): void => {
    if (BEYOND_CARD_KINDS[kind] === 1) pair[PAIR_BEYOND_CARD]! += weight;
    if (HARD_TIE_KINDS[kind] === 1) {
      if (weight >= MIN_HARD_TIE) hardTie = true;
      if (weight > pair[PAIR_SOFT]!) pair[PAIR_SOFT] = weight;
    }
    if (kind === SYNC_KIND && weight > pair[PAIR_SYNC]!) pair[PAIR_SYNC] = weight;
    if (weight >= MIN_SHOWN_WEIGHT) memberLinks.addEvidence(kind, key, key < 0 ? 0 : state.keys.distinct(key), count, weight);
  };
  // Per account, read for both ends of every pair inside a community: looked up once here.
  const paymentByAccount = state.summaries.map((sum) => state.accounts.get(sum.id)?.payment);
  // NaN (no community) equals nothing, itself included.
  const communityOf = new Float64Array(state.summaries.length).fill(NaN);
  for (const [a, c] of community) communityOf[a] = c;
  const sameCommunity = (a: number, b: number): boolean => communityOf[a] === communityOf[b];
  state.links.forEachPairOf(community.keys(), sameCommunity, (a, b, slot) => {
    memberLinks.beginPair();
    hardTie = false;
    pair.fill(0);
    state.links.visitEvidence(slot, collect);
    if (hardTie || softlyTied(pair[PAIR_SYNC]!, pair[PAIR_SOFT]!)) components.union(a, b);
    const control = state.links.weight(slot, true);
    // Ties between accounts on one card say nothing more about that card than the card does.
    const payA = paymentByAccount[a];
    const beyondCard = payA !== undefined && payA === paymentByAccount[b] ? 0 : Math.min(MAX_PAIR_WEIGHT, pair[PAIR_BEYOND_CARD]!);
    memberLinks.credit(a, control, beyondCard);
    memberLinks.credit(b, control, beyondCard);
  });

  for (const id of state.sharedAddresses) {
    const first = new Map<number, number>();
    state.keys.members(id).forEach((_, a) => {
      const c = community.get(a);
      if (c === undefined) return;
      const f = first.get(c);
      if (f === undefined) first.set(c, a);
      else components.union(f, a);
    });
  }
  return components;
}
