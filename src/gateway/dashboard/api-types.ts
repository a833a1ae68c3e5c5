/**
 * The JSON the dashboard API answers (dashboard-api.ts), the one definition both sides use: the server's routes are
 * checked against it, and the web app (web/src/types.ts) imports it, so `tsc -p web/tsconfig.json` fails when the two
 * drift apart. Types only: the web build erases these imports.
 */
import type { decisionView } from '../../decide/admin-api.js';
import type { AccountLink } from '../../detect/cluster-layer.js';
import type { AccountReport, Alert, ClusterReport, Reason, Verdict } from '../../detect/report.js';
import type { TimelineBucket } from '../../detect/timeline.js';
import type { Release } from '../../exchange/account.js';
import type { AuditVerification } from '../../store/audit.js';

export type { AccountReport, Reason, Verdict };

/** A decision as the admin API and the dashboard show it. */
export type Decision = ReturnType<typeof decisionView>;

/** Why two accounts are linked: the kinds of evidence between them and the pair's total weight. */
export type Link = AccountLink;

/** One row of the campaigns list. */
export interface ClusterRow {
  id: string;
  verdict: Verdict;
  score: number;
  accounts: number;
  exchanges: number;
  first_seen: string;
  last_seen: string;
  capabilities: string[];
  link_kinds: string[];
}

export interface ClusterPage {
  total: number;
  page: number;
  size: number;
  rows: ClusterRow[];
}

export interface SamplePrompt {
  account: string;
  ts: string;
  model: string;
  status: number;
  prompt: string;
}

export interface TrafficSample {
  hourly: { t: number; exchanges: number }[];
  samples: SamplePrompt[];
  scanned: number;
  /** true when the read stopped at `MAX_SCANNED` exchanges before the end of the log */
  partial: boolean;
}

/** Enforcement outcomes since the gateway started, and what shadow-mode rules would have done. */
export interface EnforcementTally {
  requests: number;
  denied: number;
  degraded: number;
  watermarked: number;
  /** Requests answered in full to accounts detection had flagged as distillation at the time. */
  leaked: number;
  /** Shadow-mode action -> requests it would have applied to. */
  shadow: Record<string, number>;
}

/** GET /ui/api/clusters/:id */
export interface ClusterDetail {
  /** The cluster report with its member count in place of its member list (`members`). */
  cluster: Pick<ClusterReport, 'id' | 'verdict' | 'score' | 'exchanges' | 'first_seen' | 'last_seen' | 'capabilities' | 'links' | 'evidence'> & { size: number };
  members: AccountReport[];
  links: Link[];
  links_total: number;
  decisions: Decision[];
  traffic: TrafficSample;
}

/** A cluster in the overview's lists. */
export interface OverviewRow {
  id: string;
  verdict: Verdict;
  score: number;
  accounts: number;
  exchanges: number;
  acted: boolean;
}

/** GET /ui/api/overview */
export interface Overview {
  timeline: TimelineBucket[];
  releases: Release[];
  alerts: Alert[];
  open_cases: OverviewRow[];
  top_clusters: OverviewRow[];
  totals: { benign: number; suspicious: number; distillation: number; clusters: number; flagged_clusters: number; active_decisions: number };
  enforcement: EnforcementTally | null;
}

/** GET /ui/api/accounts/:id */
export interface AccountDetail {
  account: AccountReport | null;
  registry: Record<string, unknown> | null;
  links: Link[];
  decisions: Decision[];
  traffic: TrafficSample;
}

/** GET /ui/api/decisions */
export interface DecisionsPage {
  decisions: Decision[];
  audit: AuditVerification;
  enforcement: EnforcementTally | null;
}
