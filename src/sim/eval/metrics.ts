/**
 * Detection metrics against ground truth (docs/formats.md, simulator output): precision, recall over campaign accounts
 * with at least 20 exchanges, false-positive rate overall and per benign segment, review load, leakage and time to
 * detect per campaign, adjusted Rand index of report clusters against campaigns, and model-pivot alert latency.
 * Pure: the caller supplies labels, per-account log statistics, the report and the releases.
 */
import type { Release } from '../../exchange/account.js';
import type { ScanReport } from '../../detect/report.js';
import { adjustedRandIndex } from './ari.js';
import { RELEASE_HOURS, type AccountLogStats } from './log-stats.js';

export interface TruthLabel {
  account: string;
  label: 'distillation' | 'benign';
  campaign: string | null;
  segment: string;
}

/** Campaign accounts need this many exchanges to count for recall (fewer is not enough evidence for anyone). */
export const RECALL_MIN_EXCHANGES = 20;
/**
 * A campaign has pivoted to a released model in the first PIVOT_TRUTH_HOURS hours (a sustained move, not an hour's
 * blip) with this share of its traffic on it (from the first of those hours with traffic on it: see pivotTime)...
 */
export const PIVOT_TRUTH_SHARE = 0.3;
export const PIVOT_TRUTH_HOURS = 3;
/** ...and at least this many exchanges in them. */
export const PIVOT_TRUTH_MIN_EXCHANGES = 10;

export interface SegmentMetrics {
  accounts: number;
  flagged: number;
  suspicious: number;
  fpr: number | null;
  review_load: number | null;
}

export interface CampaignMetrics {
  archetype: string;
  accounts: number;
  eligible: number;
  flagged: number;
  recall: number | null;
  exchanges: number;
  leaked_exchanges: number;
  leakage: number | null;
  first_exchange: string | null;
  first_flagged_at: string | null;
  time_to_detect_hours: number | null;
  median_account_time_to_detect_hours: number | null;
  median_flagged_after_exchanges: number | null;
  dominant_cluster: string | null;
  cluster_coverage: number | null;
  cluster_purity: number | null;
  /** when the campaign moved to a released model (see PIVOT_TRUTH_SHARE) */
  pivot_at: string | null;
  /** first model-pivot alert on a cluster holding campaign members, after the pivot (hours) */
  pivot_alert_latency_hours: number | null;
  /** the same alert, hours after the model's release */
  pivot_alert_after_release_hours: number | null;
}

export interface EvalMetrics {
  version: 1;
  accounts: { total: number; benign: number; campaign: number; eligible_campaign: number };
  exchanges: { total: number; campaign: number };
  precision: number | null;
  recall: number | null;
  recall_min_exchanges: number;
  fpr: number | null;
  review_load: number | null;
  benign_review_load: number | null;
  /** share of all campaign exchanges sent before their account was first flagged */
  leakage: number | null;
  segments: Record<string, SegmentMetrics>;
  campaigns: Record<string, CampaignMetrics>;
  ari: { value: number | null; accounts: number; definition: string };
  pivot: { model: string; released: string; alerts: number; first_alert_latency_hours: number | null; benign_cluster_alerts: number }[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const hours = (ms: number): number => Math.round((ms / 3_600_000) * 100) / 100;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const ARI_DEFINITION =
  'Computed over every account in the log except campaign accounts with fewer than 20 exchanges that the report left out of non-benign clusters. ' +
  'Truth: the campaign id, each benign account its own singleton. Predicted: the report cluster id for accounts in a non-benign cluster, ' +
  'otherwise a singleton. 1 = each campaign recovered as exactly one cluster with no benign members; splitting a campaign, ' +
  'merging campaigns, leaving campaign accounts unclustered or pulling benign accounts in all lower it.';

export function computeMetrics(labels: readonly TruthLabel[], stats: ReadonlyMap<string, AccountLogStats>, report: ScanReport, releases: readonly Release[]): EvalMetrics {
  const verdicts = new Map(report.accounts.map((a) => [a.id, a]));
  const clusterVerdict = new Map(report.clusters.map((c) => [c.id, c.verdict]));
  const clusterOf = new Map<string, string>();
  for (const c of report.clusters) for (const a of c.accounts) clusterOf.set(a, c.id);
  for (const a of report.accounts) if (a.cluster) clusterOf.set(a.id, a.cluster);
  const inBadCluster = (id: string): string | null => {
    const c = clusterOf.get(id);
    return c !== undefined && (clusterVerdict.get(c) ?? 'benign') !== 'benign' ? c : null;
  };

  // Accounts that appear in the log: the population every rate is over.
  const seen = labels.filter((l) => (stats.get(l.account)?.exchanges ?? 0) > 0);
  let flaggedAll = 0;
  let tp = 0;
  let suspicious = 0;
  let benign = 0;
  let benignFlagged = 0;
  let benignSuspicious = 0;
  let eligible = 0;
  let eligibleFlagged = 0;
  let totalExchanges = 0;
  let campaignExchanges = 0;
  const segments: Record<string, SegmentMetrics> = {};
  const camp = new Map<string, { labels: TruthLabel[] }>();
  for (const l of seen) {
    const v = verdicts.get(l.account);
    const s = stats.get(l.account)!;
    totalExchanges += s.exchanges;
    const flagged = v?.verdict === 'distillation';
    const susp = v?.verdict === 'suspicious';
    if (flagged) flaggedAll++;
    if (susp) suspicious++;
    if (l.label === 'distillation') {
      campaignExchanges += s.exchanges;
      if (flagged) tp++;
      if (s.exchanges >= RECALL_MIN_EXCHANGES) {
        eligible++;
        if (flagged) eligibleFlagged++;
      }
      const key = l.campaign ?? '(none)';
      if (!camp.has(key)) camp.set(key, { labels: [] });
      camp.get(key)!.labels.push(l);
    } else {
      benign++;
      if (flagged) benignFlagged++;
      if (susp) benignSuspicious++;
      const seg = (segments[l.segment] ??= { accounts: 0, flagged: 0, suspicious: 0, fpr: null, review_load: null });
      seg.accounts++;
      if (flagged) seg.flagged++;
      if (susp) seg.suspicious++;
    }
  }
  for (const seg of Object.values(segments)) {
    seg.fpr = ratio(seg.flagged, seg.accounts);
    seg.review_load = ratio(seg.suspicious, seg.accounts);
  }

  const campaigns: Record<string, CampaignMetrics> = {};
  for (const [id, { labels: ls }] of [...camp.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let exchanges = 0;
    let leaked = 0;
    let first = Infinity;
    let firstFlag = Infinity;
    let flagged = 0;
    let elig = 0;
    let eligFlagged = 0;
    const accountTtd: number[] = [];
    const after: number[] = [];
    const clusterCount = new Map<string, number>();
    for (const l of ls) {
      const s = stats.get(l.account)!;
      const v = verdicts.get(l.account);
      exchanges += s.exchanges;
      leaked += s.before;
      first = Math.min(first, s.first);
      const f = v?.first_flagged_at ? Date.parse(v.first_flagged_at) : NaN;
      if (v?.verdict === 'distillation') flagged++;
      if (s.exchanges >= RECALL_MIN_EXCHANGES) {
        elig++;
        if (v?.verdict === 'distillation') eligFlagged++;
      }
      if (Number.isFinite(f)) {
        firstFlag = Math.min(firstFlag, f);
        accountTtd.push(Math.max(0, f - s.first));
        if (v?.flagged_after_exchanges != null) after.push(v.flagged_after_exchanges);
      }
      const c = inBadCluster(l.account);
      if (c) clusterCount.set(c, (clusterCount.get(c) ?? 0) + 1);
    }
    let dominant: string | null = null;
    let dominantN = 0;
    for (const [c, n] of clusterCount) if (n > dominantN || (n === dominantN && dominant !== null && c < dominant)) [dominant, dominantN] = [c, n];
    const dominantSize = dominant ? report.clusters.find((c) => c.id === dominant)?.accounts.length ?? dominantN : 0;
    const memberIds = new Set(ls.map((l) => l.account));
    const archetype = ls[0]!.segment;
    // An alert is the campaign's when most accounts it names are (or, for alerts that name none, when its cluster in
    // the final report holds campaign accounts).
    const campaignAlerts = report.alerts.filter((a) => {
      if (a.kind !== 'model_pivot') return false;
      if (a.accounts !== undefined && a.accounts.length > 0) return a.accounts.filter((x) => memberIds.has(x)).length * 2 > a.accounts.length;
      return a.cluster ? (report.clusters.find((c) => c.id === a.cluster)?.accounts.some((x) => memberIds.has(x)) ?? false) : false;
    });
    const afterRelease: number[] = [];
    const afterPivot: number[] = [];
    let pivotAt = Infinity;
    for (const rel of releases) {
      const at = Date.parse(rel.released);
      const pivoted = pivotTime(ls.map((l) => stats.get(l.account)!), rel.model, at);
      if (pivoted !== null) pivotAt = Math.min(pivotAt, pivoted);
      for (const a of campaignAlerts) {
        if (a.model !== rel.model) continue;
        const t = Date.parse(a.ts);
        if (t >= at) afterRelease.push(t - at);
        // An alert within the pivot's own hour counts as immediate.
        if (pivoted !== null) afterPivot.push(Math.max(0, t - pivoted));
      }
    }
    campaigns[id] = {
      archetype,
      accounts: ls.length,
      eligible: elig,
      flagged,
      recall: ratio(eligFlagged, elig),
      exchanges,
      leaked_exchanges: leaked,
      leakage: ratio(leaked, exchanges),
      first_exchange: Number.isFinite(first) ? new Date(first).toISOString() : null,
      first_flagged_at: Number.isFinite(firstFlag) ? new Date(firstFlag).toISOString() : null,
      time_to_detect_hours: Number.isFinite(firstFlag) ? hours(Math.max(0, firstFlag - first)) : null,
      median_account_time_to_detect_hours: accountTtd.length ? hours(median(accountTtd)!) : null,
      median_flagged_after_exchanges: median(after),
      dominant_cluster: dominant,
      cluster_coverage: dominant ? ratio(dominantN, ls.length) : null,
      cluster_purity: dominant ? ratio(dominantN, dominantSize) : null,
      pivot_at: Number.isFinite(pivotAt) ? new Date(pivotAt).toISOString() : null,
      pivot_alert_latency_hours: afterPivot.length ? hours(Math.min(...afterPivot)) : null,
      pivot_alert_after_release_hours: afterRelease.length ? hours(Math.min(...afterRelease)) : null,
    };
  }

  // ARI over every account, but campaign accounts too small to count for recall when the report did not cluster them
  // (benign accounts as singletons: a campaign that is a scenario's only one is then not a degenerate single class).
  const truth: string[] = [];
  const pred: string[] = [];
  for (const l of seen) {
    const s = stats.get(l.account)!;
    const c = inBadCluster(l.account);
    const include = l.label === 'benign' || s.exchanges >= RECALL_MIN_EXCHANGES || c !== null;
    if (!include) continue;
    truth.push(l.label === 'distillation' ? `campaign:${l.campaign}` : `benign:${l.account}`);
    pred.push(c !== null ? `cluster:${c}` : `single:${l.account}`);
  }

  let logStart = Infinity;
  let logEnd = -Infinity;
  for (const s of stats.values()) {
    logStart = Math.min(logStart, s.first);
    logEnd = Math.max(logEnd, s.last);
  }
  const benignIds = new Set(seen.filter((l) => l.label === 'benign').map((l) => l.account));
  const pivot = releases
    .filter((r) => Date.parse(r.released) >= logStart && Date.parse(r.released) <= logEnd)
    .map((r) => {
      const alerts = report.alerts.filter((a) => a.kind === 'model_pivot' && a.model === r.model);
      const lat = alerts.map((a) => Date.parse(a.ts) - Date.parse(r.released)).filter((x) => x >= 0);
      // Judged like a campaign's alerts above: by the accounts an alert names, else by its cluster in the final report
      // (a pivot cohort's alert has an id of its own that no report cluster carries).
      const benignAlerts = alerts.filter((a) => {
        const members =
          a.accounts !== undefined && a.accounts.length > 0 ? a.accounts : a.cluster ? report.clusters.find((c) => c.id === a.cluster)?.accounts ?? [] : [];
        return members.length > 0 && members.filter((m) => benignIds.has(m)).length * 2 > members.length;
      }).length;
      return { model: r.model, released: r.released, alerts: alerts.length, first_alert_latency_hours: lat.length ? hours(Math.min(...lat)) : null, benign_cluster_alerts: benignAlerts };
    });

  return {
    version: 1,
    accounts: { total: seen.length, benign, campaign: seen.length - benign, eligible_campaign: eligible },
    exchanges: { total: totalExchanges, campaign: campaignExchanges },
    precision: ratio(tp, flaggedAll),
    recall: ratio(eligibleFlagged, eligible),
    recall_min_exchanges: RECALL_MIN_EXCHANGES,
    fpr: ratio(benignFlagged, benign),
    review_load: ratio(suspicious, seen.length),
    leakage: ratio(
      Object.values(campaigns).reduce((a, c) => a + c.leaked_exchanges, 0),
      Object.values(campaigns).reduce((a, c) => a + c.exchanges, 0),
    ),
    benign_review_load: ratio(benignSuspicious, benign),
    segments,
    campaigns,
    ari: { value: truth.length >= 2 ? adjustedRandIndex(truth, pred) : null, accounts: truth.length, definition: ARI_DEFINITION },
    pivot,
  };
}

/**
 * When a group of accounts moved to `model` released at `releaseAt`, or null: the first PIVOT_TRUTH_HOURS hours after
 * the release with PIVOT_TRUTH_SHARE of its traffic on the model (and PIVOT_TRUTH_MIN_EXCHANGES exchanges) make the
 * move, and it began in the first of those hours with traffic on the model. A group that switches at once in hour 6
 * already fills the window that starts in hour 4 with its share, but it had not begun to move in hours 4 and 5.
 */
export function pivotTime(members: readonly AccountLogStats[], model: string, releaseAt: number): number | null {
  const all = new Float64Array(RELEASE_HOURS);
  const on = new Float64Array(RELEASE_HOURS);
  for (const s of members) {
    const counts = s.releaseHours?.get(model);
    if (counts === undefined) continue;
    for (let h = 0; h < RELEASE_HOURS; h++) {
      all[h] = (all[h] ?? 0) + (counts[2 * h] ?? 0);
      on[h] = (on[h] ?? 0) + (counts[2 * h + 1] ?? 0);
    }
  }
  for (let h = 0; h + PIVOT_TRUTH_HOURS <= RELEASE_HOURS; h++) {
    let a = 0;
    let o = 0;
    for (let k = h; k < h + PIVOT_TRUTH_HOURS; k++) {
      a += all[k] ?? 0;
      o += on[k] ?? 0;
    }
    if (a < PIVOT_TRUTH_MIN_EXCHANGES || o < PIVOT_TRUTH_SHARE * a) continue;
    let began = h;
    while ((on[began] ?? 0) === 0) began++;
    return releaseAt + began * 3_600_000;
  }
  return null;
}
