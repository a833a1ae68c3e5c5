/**
 * Cluster scores kept between refreshes: a cluster whose members sent nothing new, whose own verdicts and links inside
 * it are unchanged, and whose shared templates and payment instruments are used by as many accounts as when it was
 * scored, is not scored again (a benign household or a fleet that went quiet for the night). Everything `scoreCluster`
 * reads is compared, so a kept score is the score a new pass would give; a sweep of idle keys needs no flush (a swept
 * template counts no accounts, which the comparison sees).
 */
import type { Account } from '../../exchange/account.js';
import type { AccountSummary } from './account-summary.js';
import { ownedTemplateShare, scoreCluster, type ClusterScore, type MemberContext } from './cluster-score.js';

/** What a member contributed to a score: the same summary with as many exchanges, the same account record... */
interface MemberStamp {
  sum: AccountSummary;
  exchanges: number;
  account: Account | undefined;
  ownScore: number | undefined;
  ownVerdict: string | undefined;
  strongestLink: number;
  tieBeyondCard: number;
}

interface Entry {
  members: MemberStamp[];
  ownedShare: number;
  /** ...and per payment instrument of a member, the accounts it paid for */
  payments: Map<string, number>;
  score: ClusterScore;
}

export class ClusterScoreCache {
  /**
   * By the cluster's first member: the clusters of one refresh share no member, and `unchanged` compares every member
   * in order, so this finds the one candidate without a key naming every member (a long string per cluster).
   */
  private entries = new Map<number, Entry>();
  private used = new Map<number, Entry>();
  /** clusters scored and clusters whose kept score was reused, over all refreshes (for benchmarks and tests) */
  readonly runs = { scored: 0, kept: 0 };

  /** `disabled`: score every cluster at every refresh (to check that keeping scores gives the same result). */
  constructor(private readonly options: { disabled?: boolean } = {}) {}

  /**
   * The score of the cluster of `members` (their order is part of the cluster's identity), as `scoreCluster` gives
   * it; a copy the caller may change.
   */
  score(
    members: MemberContext[],
    templateAccounts: (templateId: string) => number,
    population: number,
    paymentAccounts: (payment: string) => number,
  ): ClusterScore {
    const key = members[0]?.sum.idx ?? -1;
    const ownedShare = ownedTemplateShare(members.length, population);
    const kept = this.entries.get(key);
    if (this.options.disabled !== true && kept !== undefined && unchanged(kept, members, ownedShare, templateAccounts, paymentAccounts)) {
      this.used.set(key, kept);
      this.runs.kept++;
      return copyOf(kept.score);
    }
    const score = scoreCluster(members, templateAccounts, population, paymentAccounts);
    this.runs.scored++;
    const payments = new Map<string, number>();
    for (const m of members) {
      const p = m.account?.payment ?? '';
      if (!payments.has(p)) payments.set(p, paymentAccounts(p));
    }
    this.used.set(key, { members: members.map(stampOf), ownedShare, payments, score });
    return copyOf(score);
  }

  /** Ends a refresh: only the clusters it scored are kept for the next. */
  endRefresh(): void {
    this.entries = this.used;
    this.used = new Map();
  }
}

function stampOf(m: MemberContext): MemberStamp {
  return {
    sum: m.sum,
    exchanges: m.sum.exchanges,
    account: m.account,
    ownScore: m.own?.score,
    ownVerdict: m.own?.verdict,
    strongestLink: m.strongestLink,
    tieBeyondCard: m.tieBeyondCard,
  };
}

function unchanged(
  entry: Entry,
  members: readonly MemberContext[],
  ownedShare: number,
  templateAccounts: (templateId: string) => number,
  paymentAccounts: (payment: string) => number,
): boolean {
  if (entry.ownedShare !== ownedShare || entry.members.length !== members.length) return false;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    const s = entry.members[i];
    if (m === undefined || s === undefined) return false;
    if (m.sum !== s.sum || m.sum.exchanges !== s.exchanges || m.account !== s.account) return false;
    if (m.own?.score !== s.ownScore || m.own?.verdict !== s.ownVerdict || m.strongestLink !== s.strongestLink) return false;
    if (m.tieBeyondCard !== s.tieBeyondCard) return false;
  }
  for (const [t, users] of entry.score.templateUsers) if (templateAccounts(t) !== users) return false;
  for (const [p, accounts] of entry.payments) if (paymentAccounts(p) !== accounts) return false;
  return true;
}

/** A copy of the parts of a score the refresh changes (harvesters, evidence, verdict) or hands out in reports. */
function copyOf(s: ClusterScore): ClusterScore {
  return { ...s, harvesters: new Set(s.harvesters), evidence: [...s.evidence], capabilities: [...s.capabilities] };
}
