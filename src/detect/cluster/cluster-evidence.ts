/**
 * The evidence lines of a scored cluster (ClusterScore.evidence), as analysts read them in the report and the
 * dashboard: what its harvesting sub-stream asks for, how its members are tied, and what softened its score.
 */
import { CAPABILITIES } from '../../signals/types.js';
import type { MemberContext, PacedMembers, SubStreamTotals } from './cluster-score.js';

/** What `scoreCluster` measured of a cluster, as its evidence lines tell it. */
export interface ScoredFacts {
  members: readonly MemberContext[];
  /** the members the verdict covers */
  harvesters: ReadonlySet<number>;
  /** the harvesting sub-stream's traffic */
  totals: SubStreamTotals;
  /** accounts in the harvesting sub-stream */
  accounts: number;
  /** the fleet's evidence line, or null when the cluster has no fleet */
  fleet: string | null;
  /** what one organisation holding most of the accounts multiplied the score by, or null when none does */
  orgSoftening: number | null;
  /** share of the sub-stream's harvest-type exchanges on the cluster's own templates */
  concentration: number;
  /** share of its traffic on the cluster's own templates */
  templ: number;
  /** how many templates the cluster owns */
  ownedTemplates: number;
  focus: number;
  focusIdx: number;
  machine: number;
  coordination: number;
  ownMean: number;
  corroborated: { term: number; members: number };
  repeat: number;
  paced: PacedMembers;
  trust: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function clusterEvidence(f: ScoredFacts): string[] {
  const { members, totals: t, accounts: n } = f;
  const ex = t.ex;
  const totalEx = members.reduce((a, m) => a + m.sum.exchanges, 0);
  const evidence: string[] = [];
  if (f.fleet !== null) evidence.push(f.fleet);
  if (f.orgSoftening !== null) {
    evidence.push(
      `one organisation (the accounts' own \`org\` field, which the customer types) holds most of these accounts: ` +
        `score softened x${f.orgSoftening}`,
    );
  }
  if (n < 2) {
    evidence.push(`no harvesting sub-stream: ${members.length} linked accounts, ${totalEx} exchanges`);
    return evidence;
  }
  const H = ex ? t.harvest / ex : 0;
  evidence.push(
    `harvesting sub-stream: ${n} of ${members.length} accounts, ${ex} of ${totalEx} exchanges; ` +
      `${pct(H)} harvest-type (reasoning ${pct(ex ? t.cot / ex : 0)}, grading ${pct(ex ? t.grading / ex : 0)}, ` +
      `censorship-safe rewrites ${pct(ex ? t.rewrite / ex : 0)}, reasoning reconstruction ${pct(ex ? t.trace / ex : 0)})`,
  );
  evidence.push(
    `${t.harvestOwned} harvest-type exchanges (${pct(f.concentration)} of its harvest) on templates used mostly by ` +
      `this cluster; ${pct(f.templ)} of all its traffic on ${f.ownedTemplates} such template(s); ` +
      `capability focus ${pct(f.focus)} ${CAPABILITIES[f.focusIdx]}; ${pct(f.machine)} from accounts working 16+ hours a day`,
  );
  evidence.push(
    `${pct(f.coordination)} linked by common control (payment, addresses, fingerprints, timing, registration); ${t.payments.size} payment method(s) across ${n} accounts; ` +
      `members' own mean score ${f.ownMean.toFixed(2)}, ${t.ownDist} flagged on their own` +
      (f.corroborated.term > 0 ? `, ${f.corroborated.members} held for review on their own while harvesting themselves` : ''),
  );
  if (f.repeat >= 0.1) evidence.push(`${pct(f.repeat)} of prompts repeat items already asked (evaluation-like re-runs)`);
  if (f.paced.accounts > 0) evidence.push(`${f.paced.accounts} account(s) at machine pace (${pct(ex ? f.paced.ex / ex : 0)} of the traffic)`);
  if (f.trust > 0) evidence.push(`${pct(f.trust)} of these accounts are allowlisted or verified eval/enterprise`);
  const carried = members.length - n;
  if (carried > 0) {
    const carriedEx = totalEx - ex;
    const carriedHarvest = members.reduce((a, m) => a + (f.harvesters.has(m.sum.idx) ? 0 : m.sum.harvest), 0);
    evidence.push(
      `${carried} other member(s) carry unrelated traffic (${carriedEx} exchanges, ` +
        `${pct(carriedEx ? carriedHarvest / carriedEx : 0)} harvest-type) and are not covered by the verdict`,
    );
  }
  return evidence;
}
