/**
 * Peer intelligence as evidence: the indicators other providers shared (imported from their STIX bundles) matched
 * against each exchange: the client address and its range and network, the user agent and client fingerprint, the
 * prompt's template (as a keyed sketch, when both sides use the same sharing secret) and the account's payment
 * instrument. A match is evidence about an account, never a verdict on its own (engine.ts decides what it may lift).
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { Exchange } from '../exchange/exchange.js';
import { estimateJaccard } from '../signals/minhash.js';
import { sketchFromHex } from '../signals/sketch-hex.js';
import { templateText } from '../signals/template-text.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { lookupAsn } from '../signals/asn.js';

export const WATCH_KINDS = ['ip', 'cidr', 'asn', 'user_agent', 'client_fp', 'template', 'payment'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

export const watchEntrySchema = z.object({
  /** The STIX indicator id (with `#n` for one comparison of a pattern that lists several). */
  id: z.string(),
  kind: z.enum(WATCH_KINDS),
  value: z.string(),
  /** Sharing-key id for template and payment fingerprints. */
  key_id: z.string().optional(),
  valid_from: z.string(),
  valid_until: z.string().nullable(),
  modified: z.string(),
  confidence: z.number().min(0).max(100),
  /** The provider that shared it. */
  source: z.string(),
  campaign: z.string().nullable(),
});
export type WatchEntry = z.infer<typeof watchEntrySchema>;

/** What matching keyed fingerprints needs of the sharing secret (intel/sharing-key.ts provides it). */
export interface FingerprintKey {
  readonly id: string;
  templateSignature(template: string): Uint32Array;
  paymentFingerprint(payment: string): string;
}

export interface WatchMatch {
  entry: WatchEntry;
}

/** Estimated Jaccard similarity at which two template sketches are the same template with other wording nearby. */
const TEMPLATE_MATCH = 0.6;
/**
 * Smallest hashes of a signature used to find candidates. Of the 16 smallest hashes of two sketches' union, at least
 * one is in both with probability 1 - (1 - J)^16: above 0.9999995 at the match threshold, so the prefilter loses no
 * match in practice while most templates are never compared.
 */
const BANDS = 16;

interface Active {
  entry: WatchEntry;
  from: number;
  until: number;
}

const window = (entry: WatchEntry): Active => ({
  entry,
  from: Date.parse(entry.valid_from),
  until: entry.valid_until === null ? Infinity : Date.parse(entry.valid_until),
});
const live = (a: Active, t: number) => a.from <= t && t < a.until;

export class Watchlist {
  private readonly exact = new Map<string, Active[]>();
  private readonly ranges: Array<{ range: [ipaddr.IPv4 | ipaddr.IPv6, number]; active: Active }> = [];
  private readonly asns = new Map<string, Active[]>();
  private readonly templates: Array<{ signature: Uint32Array; active: Active }> = [];
  /** Each template signature's smallest hashes -> the templates holding them: candidates share at least one. */
  private readonly templateBands = new Map<number, number[]>();
  private readonly payments = new Map<string, Active[]>();

  /** Entries keyed by a sharing secret other than `key` cannot be matched and are left out. */
  constructor(
    readonly entries: readonly WatchEntry[],
    private readonly key: FingerprintKey | null = null,
  ) {
    for (const entry of entries) {
      const a = window(entry);
      const add = (map: Map<string, Active[]>, k: string) => map.set(k, [...(map.get(k) ?? []), a]);
      switch (entry.kind) {
        case 'cidr':
          this.ranges.push({ range: ipaddr.parseCIDR(entry.value), active: a });
          break;
        case 'asn':
          add(this.asns, entry.value);
          break;
        case 'template':
          if (key && entry.key_id === key.id) this.addTemplate(sketchFromHex(entry.value), a);
          break;
        case 'payment':
          if (key && entry.key_id === key.id) add(this.payments, entry.value);
          break;
        default:
          add(this.exact, `${entry.kind}\u0000${entry.kind === 'ip' ? ipaddr.process(entry.value).toString() : entry.value}`);
      }
    }
  }

  private addTemplate(signature: Uint32Array, active: Active): void {
    const n = this.templates.push({ signature, active }) - 1;
    for (const h of signature.subarray(0, BANDS)) this.templateBands.set(h, [...(this.templateBands.get(h) ?? []), n]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The live entries that one exchange, at time `t`, matches. */
  matchExchange(e: Pick<Exchange, 'ip' | 'user_agent' | 'client_fp' | 'request' | 'endpoint'>, t: number): WatchEntry[] {
    const out: WatchEntry[] = [];
    const take = (list: Active[] | undefined) => list?.forEach((a) => live(a, t) && out.push(a.entry));
    let addr: ipaddr.IPv4 | ipaddr.IPv6 | null = null;
    try {
      addr = ipaddr.process(e.ip);
    } catch {
      addr = null;
    }
    if (addr) take(this.exact.get(`ip\u0000${addr.toString()}`));
    if (e.user_agent) take(this.exact.get(`user_agent\u0000${e.user_agent}`));
    if (e.client_fp) take(this.exact.get(`client_fp\u0000${e.client_fp}`));
    if (addr) for (const r of this.ranges) if (addr.kind() === r.range[0].kind() && addr.match(r.range) && live(r.active, t)) out.push(r.active.entry);
    if (this.asns.size > 0) {
      const asn = lookupAsn(e.ip);
      if (asn) take(this.asns.get(String(asn.asn)));
    }
    if (this.templates.length > 0 && this.key) {
      const req = normalizeExchange(e);
      for (const text of [req.system, req.lastUserText]) {
        const t0 = templateText(text);
        if (t0.length === 0) continue;
        const sig = this.key.templateSignature(t0);
        const candidates = new Set<number>();
        for (const h of sig.subarray(0, BANDS)) this.templateBands.get(h)?.forEach((n) => candidates.add(n));
        for (const n of candidates) {
          const tpl = this.templates[n]!;
          if (live(tpl.active, t) && estimateJaccard(sig, tpl.signature) >= TEMPLATE_MATCH) out.push(tpl.active.entry);
        }
      }
    }
    return out;
  }

  /** The live entries an account's payment instrument matches. */
  matchPayment(payment: string | undefined, t: number): WatchEntry[] {
    if (!payment || !this.key || this.payments.size === 0) return [];
    return (this.payments.get(this.key.paymentFingerprint(payment)) ?? []).filter((a) => live(a, t)).map((a) => a.entry);
  }
}
