/**
 * A campaign's footprint: the addresses, ranges, networks, clients, prompt templates and payment instruments that
 * the accounts of a distillation cluster used and that few accounts outside it share. This is what another provider
 * can watch for; keys shared with many unrelated accounts (a carrier NAT, a stock SDK user agent, a popular public
 * prompt) are left out because they would flag the peer's innocent users.
 */
import type { Account } from '../exchange/account.js';
import { exchangeTime, type Exchange } from '../exchange/exchange.js';
import { normalizeExchange } from '../exchange/normalize.js';
import type { ClusterReport, ScanReport } from '../detect/report.js';
import { lookupAsn } from '../signals/asn.js';
import { parseIpv6Groups, subnetKey } from '../signals/ip-ranges.js';
import { sketchText } from '../signals/minhash.js';
import { templateText } from '../signals/template-text.js';
import { signatureHex } from './sharing-key.js';

export const FOOTPRINT_KINDS = ['ip', 'cidr', 'asn', 'user_agent', 'client_fp', 'template', 'payment'] as const;
export type FootprintKind = (typeof FOOTPRINT_KINDS)[number];

export interface FootprintKey {
  kind: FootprintKind;
  /** The address, CIDR, AS number, user agent, fingerprint, template key or payment fingerprint. */
  value: string;
  /** Members of the campaign that used it. */
  members: number;
  /** Accounts outside the campaign that used it. */
  outsiders: number;
  exchanges: number;
  firstSeen: number;
  lastSeen: number;
  /** For templates: the prompt template's text, to be sketched with the sharing key (never exported as text). */
  template?: string;
}

export interface CampaignFootprint {
  cluster: ClusterReport;
  keys: FootprintKey[];
}

export interface FootprintOptions {
  /** Most keys kept per kind and campaign, the most widely used first (default 50). */
  perKind?: number;
  /** Most outside accounts a key may have and still be shared (default 1: a chance collision, not a crowd). */
  maxOutsiders?: number;
}

/** How many members must share a key of each kind before it describes the campaign rather than one account. */
const MIN_MEMBERS: Readonly<Record<FootprintKind, number>> = {
  ip: 2,
  cidr: 3,
  // A network is weak evidence (clouds and carriers hold millions): only where most of the campaign sits in it.
  asn: 5,
  user_agent: 2,
  client_fp: 2,
  template: 2,
  payment: 1,
};

/** Shorter templates ("Continue.", "Thanks") are what everyone types. */
const MIN_TEMPLATE_CHARS = 24;

interface Tally {
  members: Set<string>;
  outsiders: Set<string>;
  exchanges: number;
  firstSeen: number;
  lastSeen: number;
  template?: string;
}

/** The /48 of an IPv6 address or the /24 of an IPv4 one, as a CIDR. */
export function neighbourhood(ip: string): string | null {
  if (!ip.includes(':')) return subnetKey(ip);
  const g = parseIpv6Groups(ip);
  return g === null ? null : `${g.slice(0, 3).map((x) => x.toString(16)).join(':')}::/48`;
}

function keysOf(e: Exchange): Array<[FootprintKind, string, string?]> {
  const keys: Array<[FootprintKind, string, string?]> = [['ip', e.ip]];
  const cidr = neighbourhood(e.ip);
  if (cidr) keys.push(['cidr', cidr]);
  const asn = lookupAsn(e.ip);
  if (asn) keys.push(['asn', String(asn.asn)]);
  if (e.user_agent) keys.push(['user_agent', e.user_agent]);
  if (e.client_fp) keys.push(['client_fp', e.client_fp]);
  const req = normalizeExchange(e);
  for (const text of [req.system, req.lastUserText]) {
    const t = templateText(text);
    // Grouped by the sketch, whose tokenizer masks numbers and names: one template, whatever its payload.
    if (t.length >= MIN_TEMPLATE_CHARS) keys.push(['template', signatureHex(sketchText(t)), t]);
  }
  return keys;
}

/**
 * Reads the log twice: once to tally what each distillation cluster's members used, once to count the outside
 * accounts that used the same keys. Memory grows with the campaigns' keys, not with the log.
 */
export async function campaignFootprints(
  report: ScanReport,
  readLog: () => AsyncIterable<Exchange>,
  accounts: ReadonlyMap<string, Account>,
  options: FootprintOptions = {},
): Promise<CampaignFootprint[]> {
  const perKind = options.perKind ?? 50;
  const maxOutsiders = options.maxOutsiders ?? 1;
  const campaigns = report.clusters.filter((c) => c.verdict === 'distillation' && !c.id.endsWith('-other'));
  const clusterOf = new Map<string, number>();
  campaigns.forEach((c, i) => c.accounts.forEach((a) => clusterOf.set(a, i)));
  const tallies = campaigns.map(() => new Map<string, Tally>());
  const tallyKey = (kind: FootprintKind, value: string) => `${kind}\u0000${value}`;

  for await (const e of readLog()) {
    const i = clusterOf.get(e.account);
    if (i === undefined) continue;
    const t = exchangeTime(e);
    for (const [kind, value, template] of keysOf(e)) {
      const k = tallyKey(kind, value);
      let tally = tallies[i]!.get(k);
      if (!tally) tallies[i]!.set(k, (tally = { members: new Set(), outsiders: new Set(), exchanges: 0, firstSeen: t, lastSeen: t, template }));
      tally.members.add(e.account);
      tally.exchanges++;
      if (t < tally.firstSeen) tally.firstSeen = t;
      if (t > tally.lastSeen) tally.lastSeen = t;
    }
  }
  for (const [id, account] of accounts) {
    const i = clusterOf.get(id);
    if (i === undefined || !account.payment) continue;
    const k = tallyKey('payment', account.payment);
    const created = account.created ? Date.parse(account.created) : Date.parse(campaigns[i]!.first_seen);
    let tally = tallies[i]!.get(k);
    if (!tally) tallies[i]!.set(k, (tally = { members: new Set(), outsiders: new Set(), exchanges: 0, firstSeen: created, lastSeen: created }));
    tally.members.add(id);
  }

  const wanted = new Set<string>();
  for (const map of tallies) for (const k of map.keys()) wanted.add(k);
  const outsidersOf = (k: string, account: string) => {
    for (let i = 0; i < tallies.length; i++) {
      const tally = tallies[i]!.get(k);
      if (tally && !tally.members.has(account) && tally.outsiders.size <= maxOutsiders) tally.outsiders.add(account);
    }
  };
  for await (const e of readLog()) {
    for (const [kind, value] of keysOf(e)) {
      const k = tallyKey(kind, value);
      if (wanted.has(k)) outsidersOf(k, e.account);
    }
  }
  for (const [id, account] of accounts) {
    if (!account.payment) continue;
    const k = tallyKey('payment', account.payment);
    if (wanted.has(k)) outsidersOf(k, id);
  }

  return campaigns.map((cluster, i) => {
    const byKind = new Map<FootprintKind, FootprintKey[]>();
    for (const [k, tally] of tallies[i]!) {
      const kind = k.slice(0, k.indexOf('\u0000')) as FootprintKind;
      const value = k.slice(kind.length + 1);
      if (tally.members.size < Math.min(MIN_MEMBERS[kind], cluster.accounts.length)) continue;
      if (tally.outsiders.size > maxOutsiders) continue;
      if (kind === 'asn' && tally.members.size < cluster.accounts.length / 2) continue;
      const list = byKind.get(kind) ?? [];
      list.push({
        kind,
        value,
        members: tally.members.size,
        outsiders: tally.outsiders.size,
        exchanges: tally.exchanges,
        firstSeen: tally.firstSeen,
        lastSeen: tally.lastSeen,
        ...(tally.template === undefined ? {} : { template: tally.template }),
      });
      byKind.set(kind, list);
    }
    const keys: FootprintKey[] = [];
    for (const kind of FOOTPRINT_KINDS) {
      const list = byKind.get(kind) ?? [];
      list.sort((a, b) => b.members - a.members || b.exchanges - a.exchanges || (a.value < b.value ? -1 : 1));
      keys.push(...list.slice(0, perKind));
    }
    return { cluster, keys };
  });
}
