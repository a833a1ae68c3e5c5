/**
 * Cluster ids that outlive a refresh and a restart, so an analyst's decision on a cluster keeps applying to the
 * same group. Wraps any cluster layer and renames its output: each new cluster takes the id of the previous
 * cluster it shares the most members with (pairs matched greedily, largest overlap first, each id used once);
 * a cluster sharing no member with any previous one is named after its core, a hash of its lowest account id
 * (`c_` and 8 hex digits), so the same group found again from the same history gets the same name. The previous
 * clusters can be handed in at start (persisted by the caller through `onChange`), so ids also survive a restart.
 */
import type { AccountLink, ClusterLayer, ClusterObservation, ClusterRefresh, ClusterVerdict } from '../cluster-layer.js';
import type { Alert, ClusterReport } from '../report.js';
import { fnv1a32 } from '../../signals/hash.js';
import { cohortConfirmedBy, cohortId } from './pivot-cohorts.js';
import { restatedVerdict } from './member-reasons.js';

/** A named cluster as it stood at the latest refresh: what the next refresh is matched against. */
export interface NamedCluster {
  id: string;
  accounts: string[];
}

export interface StableClusterIdsOptions {
  /** The clusters of the last refresh before a restart (their ids are kept for the groups found again). */
  previous?: readonly NamedCluster[];
  /** Told the named clusters after each refresh that renamed, added or dropped one (to persist them). */
  onChange?: (clusters: NamedCluster[]) => void;
}

/** The id a cluster gets from its core when it continues no previous cluster. */
export function coreClusterId(accounts: readonly string[]): string {
  let lowest = accounts[0] ?? '';
  for (const a of accounts) if (a < lowest) lowest = a;
  return `c_${fnv1a32(lowest).toString(16).padStart(8, '0')}`;
}

/**
 * Names `next` (the layer's clusters, by its own ids) after `previous`: returns the layer's id -> stable id.
 * Exported for tests; `StableClusterIds` applies it to every refresh.
 */
export function nameClusters(previous: readonly NamedCluster[], next: readonly { id: string; accounts: readonly string[] }[]): Map<string, string> {
  const owner = new Map<string, number>();
  previous.forEach((c, i) => c.accounts.forEach((a) => owner.set(a, i)));
  const pairs: { next: number; prev: number; shared: number }[] = [];
  next.forEach((c, j) => {
    const shared = new Map<number, number>();
    for (const a of c.accounts) {
      const i = owner.get(a);
      if (i !== undefined) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    for (const [i, n] of shared) pairs.push({ next: j, prev: i, shared: n });
  });
  // Largest overlap first; ties go to the earlier clusters so the result does not depend on map order.
  pairs.sort((a, b) => b.shared - a.shared || a.prev - b.prev || a.next - b.next);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const prevUsed = new Set<number>();
  for (const p of pairs) {
    const id = next[p.next]!.id;
    if (names.has(id) || prevUsed.has(p.prev)) continue;
    prevUsed.add(p.prev);
    names.set(id, previous[p.prev]!.id);
    taken.add(previous[p.prev]!.id);
  }
  // Ids of previous clusters that did not continue stay reserved for this refresh: never reused for another group.
  for (const c of previous) taken.add(c.id);
  for (const c of next) {
    if (names.has(c.id)) continue;
    const core = coreClusterId(c.accounts);
    let id = core;
    for (let n = 2; taken.has(id); n++) id = `${core}_${n}`;
    taken.add(id);
    names.set(c.id, id);
  }
  return names;
}

export class StableClusterIds implements ClusterLayer {
  private named: NamedCluster[];
  private names = new Map<string, string>();
  /**
   * Every layer id's latest name, kept after its cluster is gone: a pivot cohort's alert names the cluster that
   * confirmed its accounts, which may have split or dissolved since (pivot-cohorts.ts).
   */
  private readonly lastNames = new Map<string, string>();
  private lastInner: ClusterRefresh | null = null;
  private lastOut: ClusterRefresh | null = null;
  /** Alerts keep the name their cluster had when they were raised (the layer re-reports earlier alerts). */
  private readonly renamedAlerts = new WeakMap<Alert, Alert>();

  constructor(
    private readonly inner: ClusterLayer,
    private readonly options: StableClusterIdsOptions = {},
  ) {
    this.named = [...(options.previous ?? [])];
  }

  /** The clusters as last named (what `onChange` persists). */
  get clusters(): readonly NamedCluster[] {
    return this.named;
  }

  observe(input: ClusterObservation): ClusterVerdict | null {
    const v = this.inner.observe(input);
    return v && this.renamed(v);
  }

  linksAmong(accounts: readonly string[]): AccountLink[] {
    return this.inner.linksAmong?.(accounts) ?? [];
  }

  refresh(...args: Parameters<ClusterLayer['refresh']>): ClusterRefresh {
    const result = this.inner.refresh(...args);
    // The layer may hand back its previous result unchanged: so does this, keeping the engine's identity checks cheap.
    if (result === this.lastInner && this.lastOut) return this.lastOut;
    const names = nameClusters(this.named, result.clusters);
    const clusters = result.clusters.map((c): ClusterReport => ({ ...c, id: names.get(c.id) ?? c.id }));
    const named = clusters.map((c) => ({ id: c.id, accounts: [...c.accounts].sort() }));
    const changed = named.length !== this.named.length || named.some((c, i) => !sameCluster(c, this.named[i]!));
    this.names = names;
    for (const [inner, stable] of names) this.lastNames.set(inner, stable);
    this.named = named;
    if (changed) this.options.onChange?.(named);
    const accountCluster = new Map<string, ClusterVerdict>();
    for (const [account, v] of result.accountCluster) accountCluster.set(account, this.renamed(v));
    const alerts = result.alerts.map((a) => this.renamedAlert(a));
    this.lastInner = result;
    this.lastOut = { clusters, accountCluster, alerts };
    return this.lastOut;
  }

  checkPivots(now: number): Alert[] | null {
    const alerts = this.inner.checkPivots?.(now) ?? null;
    if (alerts === null) return null;
    const out = alerts.map((a) => this.renamedAlert(a));
    // The previous result served again (nothing re-clustered) must carry the new alerts too.
    if (this.lastOut) this.lastOut = { ...this.lastOut, alerts: out };
    return out;
  }

  private renamedAlert(a: Alert): Alert {
    let out = this.renamedAlerts.get(a);
    if (!out) {
      out = a.cluster ? { ...a, cluster: this.stableName(a.cluster) } : a;
      this.renamedAlerts.set(a, out);
    }
    return out;
  }

  private stableName(id: string): string {
    const confirmedBy = cohortConfirmedBy(id);
    if (confirmedBy !== null) return cohortId(this.lastNames.get(confirmedBy) ?? confirmedBy);
    return this.names.get(id) ?? id;
  }

  private renamed(v: ClusterVerdict): ClusterVerdict {
    const id = this.names.get(v.cluster);
    return id === undefined || id === v.cluster ? v : restatedVerdict(v, { cluster: id });
  }
}

function sameCluster(a: NamedCluster, b: NamedCluster): boolean {
  return a.id === b.id && a.accounts.length === b.accounts.length && a.accounts.every((x, i) => x === b.accounts[i]);
}
