/**
 * Keeps the read-only `indicators` collection up to date with what detection currently knows: the distillation
 * clusters of the latest refresh, exported exactly as `intel export` would (footprints read from the recorded
 * exchanges). An object whose content did not change is not added again, so peers polling with `added_after` only
 * receive what is new; a changed object keeps its `created` and gets a later `modified`; an indicator is re-issued
 * with a fresh `valid_until` once half its validity has passed.
 */
import type { ClusterReport, ScanReport } from '../../detect/report.js';
import type { Account } from '../../exchange/account.js';
import type { Exchange } from '../../exchange/exchange.js';
import { canonicalJson } from '../../store/canonical-json.js';
import { campaignFootprints } from '../footprint.js';
import { stixBundle, type StixExportOptions, type StixObject } from '../stix-export.js';
import { stixTime } from '../stix-id.js';
import { INDICATORS_COLLECTION } from './taxii-collections.js';
import type { TaxiiStore } from './taxii-store.js';

export interface OwnIndicatorsOptions {
  store: TaxiiStore;
  /** The clusters of detection's latest refresh. */
  clusters: () => readonly ClusterReport[];
  /** Recorded exchanges from `since` (RFC 3339) on, in time order. */
  exchanges: (since: string) => AsyncIterable<Exchange>;
  accounts: ReadonlyMap<string, Account>;
  /** As `intel export`; a TLP:RED export is refused (it may not be shared at all). */
  export: Omit<StixExportOptions, 'now'>;
}

export interface Publication {
  campaigns: number;
  /** Objects added or revised in the collection. */
  written: number;
}

const DAY_MS = 86_400_000;
const TIMESTAMPS = new Set(['created', 'modified', 'valid_until']);
const content = (o: StixObject) => canonicalJson(Object.fromEntries(Object.entries(o).filter(([k]) => !TIMESTAMPS.has(k))));

/** The exported objects that are new or changed against what the collection holds, revised as new versions. */
async function revisions(store: TaxiiStore, exported: readonly StixObject[], now: number, validMs: number): Promise<StixObject[]> {
  const out: StixObject[] = [];
  for (const object of exported) {
    const held = (await store.get(INDICATORS_COLLECTION.id, object.id))?.object;
    if (!held) {
      out.push(object);
      continue;
    }
    const expiresSoon = typeof held.valid_until === 'string' && Date.parse(held.valid_until) < now + validMs / 2;
    if (content(held) === content(object) && !expiresSoon) continue;
    const after = typeof held.modified === 'string' ? Date.parse(held.modified) + 1 : now;
    out.push({ ...object, ...(held.created ? { created: held.created } : {}), ...(object.modified ? { modified: stixTime(Math.max(now, after)) } : {}) });
  }
  return out;
}

export async function publishOwnIndicators(o: OwnIndicatorsOptions, now: number): Promise<Publication> {
  if (o.export.tlp === 'red') throw new Error('TLP:RED indicators are never published over TAXII');
  const clusters = o.clusters().filter((c) => c.verdict === 'distillation' && !c.id.endsWith('-other'));
  if (clusters.length === 0) return { campaigns: 0, written: 0 };
  const since = clusters.reduce((min, c) => (c.first_seen < min ? c.first_seen : min), clusters[0]!.first_seen);
  const report: ScanReport = {
    version: 1,
    generated_at: stixTime(now),
    input: { exchanges: 0, accounts: 0, bad_lines: 0 },
    accounts: [],
    clusters: [...clusters],
    alerts: [],
  };
  const footprints = await campaignFootprints(report, () => o.exchanges(since), o.accounts);
  const bundle = stixBundle(report, footprints, { ...o.export, now });
  const changed = await revisions(o.store, bundle.objects, now, (o.export.validDays ?? 30) * DAY_MS);
  const written = await o.store.put(INDICATORS_COLLECTION.id, changed, now);
  return { campaigns: footprints.length, written: written.length };
}
