/** The JSON the dashboard API answers (src/gateway/dashboard/dashboard-api.ts). */
export type Verdict = 'benign' | 'suspicious' | 'distillation';

export interface Reason {
  signal: string;
  weight: number;
  detail: string;
}

export interface AccountReport {
  id: string;
  verdict: Verdict;
  score: number;
  cluster: string | null;
  exchanges: number;
  first_flagged_at?: string | null;
  reasons: Reason[];
}

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

export interface Decision {
  id: string;
  state: 'active' | 'lifted' | 'expired';
  target: { kind: 'account' | 'cluster'; id: string };
  action: string;
  reason: string;
  source: string;
  rule: string | null;
  actor: string;
  created: string;
  expires: string | null;
  lifted: string | null;
}

export interface Link {
  a: string;
  b: string;
  kinds: string[];
  weight: number;
}

export interface Traffic {
  hourly: { t: number; exchanges: number }[];
  samples: { account: string; ts: string; model: string; status: number; prompt: string }[];
  scanned: number;
  partial: boolean;
}

export interface ClusterDetail {
  cluster: {
    id: string;
    verdict: Verdict;
    score: number;
    size: number;
    exchanges: number;
    first_seen: string;
    last_seen: string;
    capabilities: string[];
    links: { kind: string; accounts: number }[];
    evidence: string[];
  };
  members: AccountReport[];
  links: Link[];
  links_total: number;
  decisions: Decision[];
  traffic: Traffic;
}

export interface Enforcement {
  requests: number;
  denied: number;
  degraded: number;
  watermarked: number;
  leaked: number;
  shadow: Record<string, number>;
}

export interface OverviewRow {
  id: string;
  verdict: Verdict;
  score: number;
  accounts: number;
  exchanges: number;
  acted: boolean;
}

export interface Overview {
  timeline: { t: number; benign: number; suspicious: number; distillation: number }[];
  releases: { model: string; released: string }[];
  alerts: { kind: string; ts: string; model?: string; cluster?: string | null; detail: string }[];
  open_cases: OverviewRow[];
  top_clusters: OverviewRow[];
  totals: { benign: number; suspicious: number; distillation: number; clusters: number; flagged_clusters: number; active_decisions: number };
  enforcement: Enforcement | null;
}

export interface AccountDetail {
  account: AccountReport | null;
  registry: Record<string, unknown> | null;
  links: Link[];
  decisions: Decision[];
  traffic: Traffic;
}

export interface DecisionsPage {
  decisions: Decision[];
  audit: { ok: true; entries: number; head: string } | { ok: false; entries: number; firstBroken: { seq: number; problem: string } };
  enforcement: Enforcement | null;
}
