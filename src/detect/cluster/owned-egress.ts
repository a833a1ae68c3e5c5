/**
 * A confirmed campaign's own egress, corroborating an account's own suspicion. Some harvests send every account
 * through the same few hosts (a cloud pool, a reseller's exits): each host is then crowded by the campaign itself, so
 * its links weigh next to nothing (section 1 of docs/clusters.md), Louvain may leave some of the accounts in no
 * community, and the footprint (footprint.ts) does not count it. Those accounts were flagged only when their own
 * score found a second strong observation, often a day or two of round-the-clock work later, while their own score
 * had held them for review, harvesting, from their first dozens of exchanges.
 *
 * An address is a campaign's own egress when at least EGRESS_MIN_CONFIRMED of its accounts are confirmed members of
 * one distillation cluster, at least half of them are confirmed members (of it, or of other pieces Louvain split the
 * campaign into), and at least EGRESS_OWNED_SHARE of all of them are either
 * confirmed members or accounts that their own score holds for review while they harvest (nobody on it looks like an
 * ordinary customer). An account on such an address (at work on it within the last day) is carried the campaign's
 * verdict when all of these hold, each a different kind of evidence:
 *
 * - its own score holds it for review (two or more indicators above benign accounts: per-account evidence);
 * - it sends harvest-type traffic regularly (3+ exchanges and 10%+, or an agent-task sweep: content);
 * - the address is the campaign's own (common control with confirmed members: infrastructure);
 * - that campaign was confirmed by its cluster's evidence (the group's verdict).
 *
 * None is enough alone and none of them is payment data. Trusted accounts, verified researchers and students
 * (accountable persons) and evaluation-like traffic are left to the refresh, as for the footprint. A campus NAT or a
 * carrier address is shared with many ordinary customers and is never owned; a customer's own host shared with nobody
 * is not a campaign's.
 */
import type { Reason } from '../report.js';
import type { SharedAddress } from './rotation-exits.js';

/** Confirmed members of one cluster an address needs before it can be that campaign's own egress. */
export const EGRESS_MIN_CONFIRMED = 3;
/** Share of the address's accounts that must be confirmed members of that one cluster. */
export const EGRESS_CONFIRMED_SHARE = 0.5;
/** Share of the address's accounts that must be confirmed members or held for review while harvesting. */
export const EGRESS_OWNED_SHARE = 0.8;
/** Addresses with more accounts than this are crowded (a NAT, a carrier), never a campaign's own. */
export const EGRESS_MAX_ACCOUNTS = 512;
/** The account must have used the address within this window (the `ip` link's window). */
export const EGRESS_RECENT_MS = 24 * 3_600_000;

/** A shared address with its key (for the reason's detail). */
export interface EgressAddress extends SharedAddress {
  key: number;
}

export interface EgressJudge {
  /** The confirmed cluster of an account (and its score), if any. */
  confirmed(idx: number): { cluster: string; score: number } | undefined;
  /** Whether the account's own score holds it for review (or flags it) while it harvests regularly. */
  suspectedHarvesting(idx: number): boolean;
  /** Whether the account may be carried a verdict here (not trusted, not an accountable person, not evaluation-like, not already flagged). */
  eligible(idx: number): boolean;
}

export interface EgressHit {
  cluster: string;
  score: number;
  key: number;
  /** confirmed members of any distillation cluster on the address */
  confirmed: number;
  /** of them, members of `cluster` */
  ofCluster: number;
  suspected: number;
  accounts: number;
}

/** The accounts this refresh finds on a confirmed campaign's own egress, with the best address for each. */
export function ownedEgressHits(addresses: Iterable<EgressAddress>, judge: EgressJudge, now: number): Map<number, EgressHit> {
  const hits = new Map<number, EgressHit>();
  for (const a of addresses) {
    if (a.distinct < EGRESS_MIN_CONFIRMED + 1 || a.distinct > EGRESS_MAX_ACCOUNTS || a.members.size < a.distinct) continue;
    const perCluster = new Map<string, { n: number; score: number }>();
    let suspected = 0;
    let confirmed = 0;
    for (const idx of a.members.keys()) {
      const c = judge.confirmed(idx);
      if (c !== undefined) {
        confirmed++;
        const p = perCluster.get(c.cluster);
        if (p === undefined) perCluster.set(c.cluster, { n: 1, score: c.score });
        else p.n++;
      } else if (judge.suspectedHarvesting(idx)) suspected++;
    }
    let best: { cluster: string; n: number; score: number } | null = null;
    for (const [cluster, p] of perCluster) if (best === null || p.n > best.n) best = { cluster, ...p };
    // Louvain splits a large uniform campaign into pieces, each its own cluster: every confirmed member on the address
    // counts towards its being owned, and the verdict carried is that of the cluster with most members on it.
    if (best === null || best.n < EGRESS_MIN_CONFIRMED || confirmed < EGRESS_CONFIRMED_SHARE * a.distinct) continue;
    if (confirmed + suspected < EGRESS_OWNED_SHARE * a.distinct) continue;
    for (const [idx, lastAt] of a.members) {
      if (now - lastAt > EGRESS_RECENT_MS || judge.confirmed(idx) !== undefined) continue;
      if (!judge.suspectedHarvesting(idx) || !judge.eligible(idx)) continue;
      const prev = hits.get(idx);
      const hit = { cluster: best.cluster, score: best.score, key: a.key, confirmed, ofCluster: best.n, suspected, accounts: a.distinct };
      if (prev === undefined || hit.confirmed / hit.accounts > prev.confirmed / prev.accounts) hits.set(idx, hit);
    }
  }
  return hits;
}

/** The reason carried to an account found on a campaign's own egress. */
export function egressReason(hit: EgressHit, address: string, own: { score: number }, harvest: number, exchanges: number): Reason {
  return {
    signal: 'campaign_egress',
    weight: hit.score,
    detail:
      `sends from ${address}, an address of ${hit.cluster} (confirmed as distillation): ${hit.confirmed} of its ${hit.accounts} accounts are ` +
      `confirmed members (${hit.ofCluster} of ${hit.cluster}) and ${hit.suspected} more are held for review while harvesting; its own score holds it for review ` +
      `(${own.score.toFixed(2)}) while ${harvest} of its ${exchanges} exchanges are harvest-type: the campaign's own egress, flagged at exchange ${exchanges}`,
  };
}
