/**
 * A confirmed campaign's footprint: the keys (addresses, client fingerprints and user agents, sign-up bursts, prompt
 * templates and system prompts) that its confirmed members own, i.e. that hardly anyone else has touched. A fresh
 * account that lands on that footprint in two independent kinds at once, and whose own first exchanges are
 * harvest-type work, is one more of the campaign's accounts (a replacement of a banned one, or the next account of a
 * rotating pool): it gets the campaign's verdict from its first exchanges rather than a refresh and a confirmation
 * later. One kind is never enough (a residential range or one shared public prompt is chance), and one of the two must
 * be an address or the sign-up burst (a public agent's users share its User-Agent and its prompts); no single kind is
 * required, so a campaign without shared payment or fingerprints still has a footprint.
 */
import type { Reason } from '../report.js';
import type { AccountSummary } from './account-summary.js';
import type { KeyBuckets } from './key-buckets.js';
import { crowdFactor, LINK_SPECS, type LinkKind } from './link-kinds.js';

/** The independent kinds of footprint evidence (a TLS fingerprint and a User-Agent are one kind). */
export type FootprintKind = 'address' | 'client' | 'registration' | 'content';

const KIND_OF: Partial<Record<LinkKind, FootprintKind>> = {
  // Exact addresses only: a home /24 is shared by neighbours, and residential-proxy exits land in them by chance.
  ip: 'address',
  client_fp: 'client',
  user_agent: 'client',
  registration: 'registration',
  template: 'content',
  system_prompt: 'content',
};

/** A fresh account is matched over its first this many exchanges (past them, the refresh judges it as any other). */
export const FOOTPRINT_EXCHANGES = 5;
/** Share of a key's other accounts that must be confirmed members of one campaign for the key to be its own. */
export const FOOTPRINT_OWNED_SHARE = 0.8;
/** Confirmed members on a key before it counts as owned (content keys need more: people paste the same prompts). */
export const FOOTPRINT_MIN_MEMBERS: Record<FootprintKind, number> = { address: 2, client: 2, registration: 2, content: 3 };
/** Keys touched by more accounts than this are crowded, never a footprint (and not worth scanning). */
export const FOOTPRINT_MAX_KEY_ACCOUNTS = 512;
/**
 * A key must be worth this much as a link (its kind's base weight scaled by how crowded it is, link-kinds.ts): a
 * library's stock fingerprint or a popular agent's User-Agent is crowded even when a large campaign is most of its
 * users in some log.
 */
export const FOOTPRINT_MIN_KEY_WORTH = 0.25;
/** Independent kinds of footprint evidence needed, all pointing at the same campaign... */
export const FOOTPRINT_MIN_KINDS = 2;
/**
 * ...one of them the operator's own infrastructure or sign-up burst: the client software and the prompt content go
 * together for everyone who runs one public agent (its User-Agent and its prompts), so those two are not independent.
 */
export const FOOTPRINT_ANCHOR_KINDS: ReadonlySet<FootprintKind> = new Set(['address', 'registration']);
/** Share of the fresh account's own exchanges that must be harvest-type work (asks or a harvested capability). */
export const FOOTPRINT_HARVEST_SHARE = 0.5;

/** A member confirmed as distillation by a cluster verdict, with that cluster. */
export interface ConfirmedMember {
  cluster: string;
  score: number;
}

interface Hit {
  key: number;
  confirmed: number;
  others: number;
  score: number;
}

export interface FootprintMatch {
  cluster: string;
  score: number;
  reasons: Reason[];
}

export class FootprintMatcher {
  /** fresh account -> campaign cluster -> kind -> the least crowded owned key it touched */
  private readonly hits = new Map<number, Map<string, Map<FootprintKind, Hit>>>();

  constructor(
    private readonly keys: KeyBuckets,
    private readonly confirmed: ReadonlyMap<number, ConfirmedMember>,
  ) {}

  /** Whether any campaign is confirmed yet (until then, nothing to match and nothing to pay for). */
  get active(): boolean {
    return this.confirmed.size > 0;
  }

  /** Notes that fresh account `account` touched key `id` of `linkKind`, when the key is a confirmed campaign's own. */
  note(account: number, linkKind: LinkKind, id: number): void {
    const kind = KIND_OF[linkKind];
    if (kind === undefined || this.confirmed.size === 0 || this.confirmed.has(account)) return;
    const distinct = this.keys.distinct(id);
    if (distinct < 2 || distinct > FOOTPRINT_MAX_KEY_ACCOUNTS) return;
    const spec = LINK_SPECS[linkKind];
    if (spec.base * crowdFactor(distinct, spec.free, spec.falloff) < FOOTPRINT_MIN_KEY_WORTH) return;
    const perCluster = new Map<string, { n: number; score: number }>();
    let others = 0;
    for (const other of this.keys.accounts(id)) {
      if (other === account) continue;
      others++;
      const c = this.confirmed.get(other);
      if (c === undefined) continue;
      const p = perCluster.get(c.cluster);
      if (p === undefined) perCluster.set(c.cluster, { n: 1, score: c.score });
      else p.n++;
    }
    // Accounts counted past the key's member cap are others too, none known to be confirmed.
    others += Math.max(0, distinct - 1 - others);
    for (const [cluster, { n, score }] of perCluster) {
      if (n < FOOTPRINT_MIN_MEMBERS[kind] || n < FOOTPRINT_OWNED_SHARE * others) continue;
      let byCluster = this.hits.get(account);
      if (byCluster === undefined) this.hits.set(account, (byCluster = new Map()));
      let byKind = byCluster.get(cluster);
      if (byKind === undefined) byCluster.set(cluster, (byKind = new Map()));
      const prev = byKind.get(kind);
      if (prev === undefined || others < prev.others) byKind.set(kind, { key: id, confirmed: n, others, score });
    }
  }

  /**
   * The campaign whose footprint the fresh account matches in FOOTPRINT_MIN_KINDS kinds while its own exchanges are
   * harvest-type work, or null. Forgets the account once it is past its first FOOTPRINT_EXCHANGES exchanges.
   */
  match(account: number, sum: AccountSummary): FootprintMatch | null {
    const byCluster = this.hits.get(account);
    if (byCluster === undefined) return null;
    if (sum.exchanges > FOOTPRINT_EXCHANGES) {
      this.hits.delete(account);
      return null;
    }
    if (sum.harvestKind < FOOTPRINT_HARVEST_SHARE * sum.exchanges) return null;
    let best: { cluster: string; byKind: Map<FootprintKind, Hit> } | null = null;
    for (const [cluster, byKind] of byCluster) {
      if (byKind.size < FOOTPRINT_MIN_KINDS || ![...byKind.keys()].some((k) => FOOTPRINT_ANCHOR_KINDS.has(k))) continue;
      if (best === null || byKind.size > best.byKind.size) best = { cluster, byKind };
    }
    if (best === null) return null;
    let score = 0;
    for (const h of best.byKind.values()) score = Math.max(score, h.score);
    this.hits.delete(account);
    const shared = [...best.byKind.entries()]
      .map(([kind, h]) => `${kind} ${this.keys.keyOf(h.key)} (${h.confirmed} of the ${h.others} other accounts on it confirmed)`)
      .join(', ');
    return {
      cluster: best.cluster,
      score,
      reasons: [
        {
          signal: 'campaign_footprint',
          weight: score,
          detail:
            `on the footprint of ${best.cluster}, confirmed as distillation, in ${best.byKind.size} independent kinds: ${shared}; ` +
            `${sum.harvestKind} of its ${sum.exchanges} exchange(s) harvest-type work: flagged at exchange ${sum.exchanges}`,
        },
      ],
    };
  }

  /** Accounts with footprint hits held (for tests and monitoring of memory). */
  get size(): number {
    return this.hits.size;
  }
}
