/**
 * Model-pivot alerts of the cluster layer: which flagged clusters and which coordinated groups inside them are tested
 * for a move to a newly released model (pivot.ts measures it), and the alerts naming each group that moved.
 */
import type { AccountSummary } from './account-summary.js';
import type { ClusterScore, MemberContext } from './cluster-score.js';
import type { ClustererState, PivotBasis } from './index.js';
import { measurePivot, PIVOT_HOURS_AFTER, PIVOT_SHARE, pivotReading, type PivotMeasure } from './pivot.js';
import { alreadyAlerted, alreadyNamed, moveTold, PIVOT_GROUP_MIN_ACCOUNTS, pivotGroups } from './pivot-groups.js';
import { WAVE_HOURS, waveMovers, waveOf } from './pivot-loners.js';

const HOUR = 3_600_000;
/**
 * Minimum exchanges of a group's recent traffic (widened up to PIVOT_MAX_WINDOW_HOURS to reach them) before a pivot
 * can be called. Pivot alerts are raised only for groups already flagged (see pivotBasis), so a small campaign's move
 * is worth calling early.
 */
const PIVOT_MIN_EXCHANGES = 10;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The members of a group that moved themselves: PIVOT_SHARE or more of their own latest traffic (the last hour, widened
 * to their last exchange up to PIVOT_MAX_WINDOW_HOURS) on the new model. A cluster can hold several operators' accounts
 * and only one of them moved: its alert names the accounts that moved, not the others it happens to hold.
 */
export function moversOf(group: readonly AccountSummary[], r: number, releaseAt: number, now: number): AccountSummary[] {
  return group.filter((s) => {
    const own = measurePivot([s], r, releaseAt, now, 1);
    return own !== null && own.share >= PIVOT_SHARE;
  });
}
const iso = (t: number) => new Date(t).toISOString();

/**
 * A cluster whose move to a new model is an alert: not mostly trusted, and either confirmed as distillation or held at
 * suspicious while most of its members are flagged as distillation on their own evidence (a campaign caught account
 * by account whose cluster evidence alone falls short is still a coordinated group, and its move is still a pivot).
 *
 * Only members judged distillation (`judged`: confirmed, or carried the cluster's verdict at this refresh) are tested
 * and named. A flagged cluster also holds members it does not condemn (a reseller's other customers, research
 * accounts sharing a low-and-slow template, an evaluation runner on a shared address), and benign users adopt a new
 * model too: at the report-scale population 26 of 71 alerts named mostly such accounts, e.g. a "coordinated group" of
 * 5 research accounts among a confirmed cluster's harvesters that the verdict held at suspicious, or the one evaluation
 * runner of a 38-account cluster whose burst on the new model was the cluster's reading.
 */
export function pivotBasis(
  id: string,
  members: readonly MemberContext[],
  scored: Pick<ClusterScore, 'verdict' | 'trust' | 'harvesters'>,
  judged: (idx: number) => boolean,
  groupKeys: (idx: number) => readonly string[],
): PivotBasis | null {
  if (scored.trust >= 0.5 || scored.verdict === 'benign') return null;
  const isFlagged = (m: MemberContext): boolean => m.own?.verdict === 'distillation' || judged(m.sum.idx);
  let harvesting: MemberContext[];
  if (scored.verdict === 'distillation') harvesting = members.filter((m) => scored.harvesters.has(m.sum.idx));
  else {
    harvesting = members.filter(isFlagged);
    if (harvesting.length * 2 <= members.length) return null;
  }
  const harvesters = harvesting.filter(isFlagged).map((m) => m.sum);
  // Only a confirmed cluster answers for its other flagged members' move as well.
  const everyone = scored.verdict === 'distillation' ? members.filter(isFlagged).map((m) => m.sum) : harvesters;
  if (everyone.length === 0) return null;
  // Groups are found among every harvesting member, as the cluster's evidence sees them (a campaign that is all of the
  // flagged harvesters is still named whole as a group), then narrowed to the flagged ones.
  const flagged = new Set(everyone.map((s) => s.idx));
  const groups = pivotGroups(harvesting.map((m) => m.sum.idx), groupKeys)
    .map((g) => g.filter((a) => flagged.has(a)))
    .filter((g) => g.length >= PIVOT_GROUP_MIN_ACCOUNTS);
  return { id, harvesters, everyone, groups };
}

export function raisePivots(state: ClustererState, now: number, basis: PivotBasis): void {
  const { id: cluster, harvesters, everyone, groups } = basis;
  // The harvesters' move is the sharper signal, but the cluster is already confirmed: when its other members move
  // first (an operator pivots its whole fleet, not only the accounts whose content gave it away), that is the move.
  const clusterGroups = harvesters.length >= 2 && harvesters.length < everyone.length ? [harvesters, everyone] : [everyone];
  const summariesOf = (g: readonly number[]): AccountSummary[] =>
    g.map((a) => state.summaries[a]).filter((s): s is AccountSummary => s !== undefined);
  state.releases.forEach((rel, r) => {
    if (now < rel.at || now > rel.at + PIVOT_HOURS_AFTER * HOUR) return;
    let named = state.pivotNamed.get(r);
    if (named === undefined) state.pivotNamed.set(r, (named = []));
    let told = state.pivotTold.get(r);
    if (told === undefined) state.pivotTold.set(r, (told = new Set()));
    const alert = (who: string, group: readonly AccountSummary[], m: PivotMeasure, tested: number, detail?: string): void => {
      named.push(new Set(group.map((s) => s.idx)));
      const some =
        group.length < tested ? ` (named: the ${group.length} of its ${tested} accounts that moved${group.length === 1 ? ' itself' : ' themselves'})` : '';
      state.alerts.push({
        kind: 'model_pivot',
        ts: iso(now),
        model: rel.model,
        cluster,
        accounts: group.map((s) => s.id),
        detail:
          detail ??
          `${pct(m.share)} of ${who}'s last ${Math.round(m.recent)} exchanges (${m.windowMinutes} min) went to ${rel.model}, ` +
          `${m.hoursSinceRelease.toFixed(1)} h after its release; its traffic on other models fell to ` +
          `${pct(Math.min(9.99, m.otherRatio))} of the pre-release rate (moved, not added)${some}`,
      });
    };
    if (basis.waves === true) {
      // Accounts nothing ties but their move (pivot-loners.ts): each wave names accounts no earlier alert of the release named.
      const earlier = named;
      const movers = waveMovers(waveOf(everyone, r, rel.at, now).filter((s) => !earlier.some((n) => n.has(s.idx))), r, rel.at, now);
      const m = movers.length >= (basis.minMovers ?? 0) ? measurePivot(movers, r, rel.at, now, PIVOT_MIN_EXCHANGES) : null;
      if (m === null) return;
      const detail =
        `${movers.length} ${basis.who ?? cluster} took up ${rel.model} within ${WAVE_HOURS} h, ${m.hoursSinceRelease.toFixed(1)} h after its ` +
        `release, each with most of its own latest traffic there (${pct(m.share)} of their last ${Math.round(m.recent)} exchanges, ${m.windowMinutes} min)`;
      alert(basis.who ?? cluster, movers, m, movers.length, detail);
      return;
    }
    // Each coordinated group of the cluster on its own first (pivot-groups.ts), then the cluster as a whole.
    for (const g of groups) {
      if (alreadyAlerted(named, g) || moveTold(told, g)) continue;
      const group = summariesOf(g);
      const m = pivotReading(group, r, rel.at, now, PIVOT_MIN_EXCHANGES);
      if (m === null) continue;
      alert(`a coordinated group of ${group.length} accounts in ${cluster}`, group, m, group.length);
      // A group is named whole: the accounts that had not moved yet (another operator's, chained to it) are still to tell.
      for (const s of moversOf(group, r, rel.at, now)) told.add(s.idx);
    }
    // One alert per release for the cluster's harvesters, and one for all its members until its harvesters have had
    // theirs: carried members (a reseller's other customers) that moved first spent the cluster's only alert, and its
    // harvesters' own move was then no news.
    const everyoneKey = `${r}:${cluster}`;
    for (const g of clusterGroups) {
      const key = g === everyone ? everyoneKey : `${everyoneKey}:harvesters`;
      if (state.alerted.has(key)) continue;
      const m = pivotReading(g, r, rel.at, now, PIVOT_MIN_EXCHANGES);
      if (m === null) continue;
      // A coordinated group is one operator's, a cluster may hold several: its alert names the members that moved.
      const movers = moversOf(g, r, rel.at, now);
      if (movers.length < (basis.minMovers ?? 0)) continue;
      const moved = movers.length > 0 ? movers : g;
      // The groups that moved already have their alerts: the cluster's would name mostly the same accounts.
      const ids = moved.map((s) => s.idx);
      if (alreadyAlerted(named, ids) || (moved.length < g.length && alreadyNamed(named, ids))) return;
      state.alerted.add(key).add(everyoneKey);
      alert(basis.who ?? cluster, moved, m, g.length);
      return;
    }
  });
}

/**
 * Between full refreshes (when the cluster layer skips one because little changed), re-checks the flagged clusters of
 * the last refresh for a model-launch pivot on their members' current traffic, so pivot alerts keep their timing.
 */
export function recheckPivots(state: ClustererState, now: number): void {
  if (!state.releases.some((rel) => now >= rel.at && now <= rel.at + PIVOT_HOURS_AFTER * HOUR)) return;
  for (const c of state.pivotBasis) raisePivots(state, now, c);
  state.alerts.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}
