/**
 * A cluster member's verdict whose reasons are written when read: a refresh judges every member of every cluster
 * (tens of thousands at the report-scale population, most of them never reported with their cluster's reasons: benign
 * clusters' members), and their reasons' text, held by every account between refreshes and twice during one, cost
 * about 1.5 KB a member. The verdict keeps the numbers and names the text is made of (about a sixth of that).
 */
import type { ClusterVerdict } from '../cluster-layer.js';
import type { Reason, Verdict } from '../report.js';
import type { ContentCampaign } from './content-campaign.js';
import { LINK_KINDS } from './link-kinds.js';
import type { LowAndSlowGroup } from './low-and-slow.js';

/** One kind of link from the member to others of its cluster, as its reason names it. */
export interface MemberLinkFact {
  /** index in LINK_KINDS */
  kind: number;
  /** strongest single-pair weight */
  weight: number;
  partners: number;
  /** shared 10-minute windows (synchrony) */
  count: number;
  /** the least crowded key of the link ('' for none) and how many accounts use it */
  key: string;
  keyAccounts: number;
}

/** What a member's reasons say, as of the refresh that judged it. */
export interface MemberReasonFacts {
  /** the cluster as named at that refresh */
  cluster: string;
  clusterVerdict: Verdict;
  clusterScore: number;
  /** part of the cluster's harvesting sub-stream */
  covered: boolean;
  /** the cluster's facts about this member's traffic */
  memberFacts: string;
  /** why a distillation verdict was held at suspicious, when it was */
  heldBy: 'trust' | 'no-control-tie' | null;
  /** its strongest kinds of link inside the cluster, strongest first (at most 4) */
  links: MemberLinkFact[];
  content: ContentCampaign | undefined;
  /** held at suspicious because one email domain holds most of its content campaign */
  softened: boolean;
  lowSlow: LowAndSlowGroup | undefined;
}

export class MemberVerdict implements ClusterVerdict {
  constructor(
    public cluster: string,
    public verdict: Verdict,
    public score: number,
    private readonly facts: MemberReasonFacts,
  ) {}

  get reasons(): Reason[] {
    return memberReasons(this.facts);
  }

  toJSON(): ClusterVerdict {
    return { cluster: this.cluster, verdict: this.verdict, score: this.score, reasons: this.reasons };
  }
}

/** A copy of `v` with `changes`, of the same kind (a member verdict's reasons come from its class). */
export function restatedVerdict(v: ClusterVerdict, changes: Partial<Pick<ClusterVerdict, 'cluster' | 'verdict' | 'score'>>): ClusterVerdict {
  return Object.assign(Object.create(Object.getPrototypeOf(v) as object) as ClusterVerdict, v, changes);
}

export function memberReasons(f: MemberReasonFacts): Reason[] {
  const reasons: Reason[] = [
    {
      signal: 'cluster',
      weight: round(f.clusterScore),
      detail:
        `member of ${f.cluster} (${f.clusterVerdict}, score ${f.clusterScore.toFixed(2)}): ` +
        (f.covered ? 'part of its harvesting sub-stream' : 'not part of its harvesting sub-stream') +
        `; ${f.memberFacts}` +
        (f.heldBy === 'trust'
          ? '; allowlisted, verified eval/enterprise, or a verified researcher on its own payment method: held at suspicious'
          : '') +
        (f.heldBy === 'no-control-tie'
          ? '; not tied to the cluster\'s core by a strong link of common control (only by content, timing or a small group of its own): held at suspicious'
          : ''),
    },
  ];
  for (const link of f.links) {
    const kind = LINK_KINDS[link.kind] ?? 'template';
    const extra = kind === 'sync' ? `, ${link.count} shared 10-minute windows` : link.key === '' ? '' : ` (${link.key}, ${link.keyAccounts} accounts use it)`;
    reasons.push({
      signal: `link_${kind}`,
      weight: round(link.weight),
      detail: `linked to ${link.partners} member(s) by ${kind.replace('_', ' ')}${extra}`,
    });
  }
  const content = f.content;
  if (content?.tie === 'start-wave') {
    reasons.push({
      signal: 'start_wave',
      weight: round(content.score),
      detail:
        `one of ${content.accounts.length} accounts that ${content.timing}, ` +
        `${pct(content.harvestShare)} of the wave's traffic harvest-type and its own harvesting regularly` +
        (f.softened ? '; one email domain holds most of them: held at suspicious for review' : ''),
    });
  } else if (content !== undefined) {
    reasons.push({
      signal: 'coordinated_content',
      weight: round(content.score),
      detail:
        `one of ${content.accounts.length} accounts on ${content.setupId} that ${content.timing}, ` +
        `${pct(content.harvestShare)} of their traffic harvest-type` +
        (f.softened ? '; one email domain holds most of them: held at suspicious for review' : ''),
    });
  }
  const g = f.lowSlow;
  if (g !== undefined) {
    reasons.push({
      signal: 'low_and_slow',
      weight: 0.5,
      detail: `one of ${g.accounts.length} accounts (median ${g.medianExchanges} exchanges each) on template family ${g.templateId}`,
    });
  }
  return reasons;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
