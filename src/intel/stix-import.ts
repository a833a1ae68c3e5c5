/**
 * Reads a peer's STIX 2.1 bundle into watchlist entries: the indicators whose patterns Hydrawatch can match against
 * its own traffic (addresses, ranges, networks, user agents, client fingerprints, and keyed template and payment
 * fingerprints when the peer used the same sharing secret), with their validity, confidence, source and campaign.
 * Whatever cannot be matched is counted with the reason, never silently dropped.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { WatchEntry, WatchKind } from '../detect/watchlist.js';
import { sketchFromHex } from '../signals/sketch-hex.js';
import { FINGERPRINT_EXTENSION, PAYMENT_PATTERN_TYPE, TEMPLATE_PATTERN_TYPE } from './stix-export.js';

export interface ImportResult {
  entries: WatchEntry[];
  /** Indicators that could not be turned into entries, by reason. */
  skipped: Record<string, number>;
}

const stixObject = z.looseObject({ type: z.string(), id: z.string() });
const bundleSchema = z.looseObject({ type: z.literal('bundle'), objects: z.array(stixObject) });

const indicatorSchema = z.looseObject({
  id: z.string().startsWith('indicator--'),
  pattern: z.string(),
  pattern_type: z.string(),
  valid_from: z.string(),
  valid_until: z.string().optional(),
  modified: z.string().optional(),
  created: z.string().optional(),
  created_by_ref: z.string().optional(),
  confidence: z.number().optional(),
  revoked: z.boolean().optional(),
  extensions: z.record(z.string(), z.looseObject({})).optional(),
});

const STRING = String.raw`'((?:[^'\\]|\\.)*)'`;
const COMPARISONS: ReadonlyArray<{ kind: WatchKind; re: RegExp }> = [
  { kind: 'ip', re: new RegExp(String.raw`^ipv[46]-addr:value\s*=\s*${STRING}$`) },
  { kind: 'cidr', re: new RegExp(String.raw`^ipv[46]-addr:value\s+ISSUBSET\s+${STRING}$`) },
  { kind: 'asn', re: /^autonomous-system:number\s*=\s*(\d+)$/ },
  { kind: 'user_agent', re: new RegExp(String.raw`^network-traffic:extensions\.'http-request-ext'\.request_header\.'User-Agent'\s*=\s*${STRING}$`) },
  { kind: 'client_fp', re: new RegExp(String.raw`^network-traffic:x_hydrawatch_client_fp\s*=\s*${STRING}$`) },
];

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/**
 * The comparisons of a STIX pattern made of one observation whose comparisons are joined by OR (the form indicator
 * feeds use for lists of addresses); null for anything else (AND, sequences, qualifiers), which we cannot match on
 * one exchange.
 */
export function parsePattern(pattern: string): Array<{ kind: WatchKind; value: string }> | null {
  const m = /^\s*\[(.*)\]\s*$/s.exec(pattern);
  if (!m) return null;
  const parts = m[1]!.split(/\s+OR\s+(?=(?:[^']*'[^']*')*[^']*$)/);
  const out: Array<{ kind: WatchKind; value: string }> = [];
  for (const part of parts) {
    const p = part.trim();
    const hit = COMPARISONS.map(({ kind, re }) => ({ kind, m: re.exec(p) })).find((x) => x.m !== null);
    if (!hit) return null;
    const value = unescape(hit.m![1]!);
    if (hit.kind === 'ip' && !ipaddr.isValid(value)) return null;
    if (hit.kind === 'cidr') {
      try {
        ipaddr.parseCIDR(value);
      } catch {
        return null;
      }
    }
    out.push({ kind: hit.kind, value });
  }
  return out;
}

/** Watchlist entries of a bundle; `now` drops what has already expired. */
export function importBundle(bundle: unknown, now: number): ImportResult {
  const parsed = bundleSchema.safeParse(bundle);
  if (!parsed.success) throw new Error(`not a STIX 2.1 bundle: ${parsed.error.issues[0]?.path.join('.') || 'root'} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const names = new Map<string, string>();
  const campaignOf = new Map<string, string>();
  for (const o of parsed.data.objects) {
    if ((o.type === 'identity' || o.type === 'campaign') && typeof o.name === 'string') names.set(o.id, o.name);
  }
  for (const o of parsed.data.objects) {
    if (o.type === 'relationship' && o.relationship_type === 'indicates' && typeof o.source_ref === 'string' && typeof o.target_ref === 'string')
      if (names.has(o.target_ref)) campaignOf.set(o.source_ref, names.get(o.target_ref)!);
  }
  const entries: WatchEntry[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  for (const o of parsed.data.objects) {
    if (o.type !== 'indicator') continue;
    const ind = indicatorSchema.safeParse(o);
    if (!ind.success) {
      skip('malformed indicator');
      continue;
    }
    const i = ind.data;
    if (i.revoked) {
      skip('revoked');
      continue;
    }
    if (i.valid_until !== undefined && Date.parse(i.valid_until) <= now) {
      skip('expired');
      continue;
    }
    const base = {
      id: i.id,
      valid_from: i.valid_from,
      valid_until: i.valid_until ?? null,
      modified: i.modified ?? i.created ?? i.valid_from,
      confidence: i.confidence ?? 50,
      source: (i.created_by_ref && names.get(i.created_by_ref)) || i.created_by_ref || 'unknown',
      campaign: campaignOf.get(i.id) ?? null,
    };
    if (i.pattern_type === TEMPLATE_PATTERN_TYPE || i.pattern_type === PAYMENT_PATTERN_TYPE) {
      const ext = i.extensions?.[FINGERPRINT_EXTENSION] as { key_id?: unknown; signature?: unknown; fingerprint?: unknown } | undefined;
      const template = i.pattern_type === TEMPLATE_PATTERN_TYPE;
      const value = template ? ext?.signature : ext?.fingerprint;
      if (typeof ext?.key_id !== 'string' || typeof value !== 'string') {
        skip('fingerprint without its extension');
        continue;
      }
      if (template) {
        try {
          sketchFromHex(value);
        } catch {
          skip('malformed template signature');
          continue;
        }
      }
      entries.push({ ...base, kind: template ? 'template' : 'payment', value, key_id: ext.key_id });
      continue;
    }
    if (i.pattern_type !== 'stix') {
      skip(`pattern type ${i.pattern_type}`);
      continue;
    }
    const comparisons = parsePattern(i.pattern);
    if (comparisons === null) {
      skip('pattern not matchable on one exchange');
      continue;
    }
    comparisons.forEach((c, n) => entries.push({ ...base, id: comparisons.length === 1 ? i.id : `${i.id}#${n}`, kind: c.kind, value: c.value }));
  }
  return { entries, skipped };
}
