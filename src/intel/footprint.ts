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
import { TemplateIndex } from '../signals/template-index.js';

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
  /** For templates: distinct accounts the template index counted on it (campaign members included). */
  templateUsers?: number;
}

const outsidersOf = (t: Tally) => (t.templateUsers === undefined ? t.outsiders.size : Math.max(0, t.templateUsers - t.members.size));

/** The /48 of an IPv6 address or the /24 of an IPv4 one, as a CIDR. */
export function neighbourhood(ip: string): string | null {
  if (!ip.includes(':')) return subnetKey(ip);
  const g = parseIpv6Groups(ip);
  return g === null ? null : `${g.slice(0, 3).map((x) => x.toString(16)).join(':')}::/48`;
}

function keysOf(e: Exchange): Array<[FootprintKind, string]> {
  const keys: Array<[FootprintKind, string]> = [['ip', e.ip]];
  const cidr = neighbourhood(e.ip);
  if (cidr) keys.push(['cidr', cidr]);
  const asn = lookupAsn(e.ip);
  if (asn) keys.push(['asn', String(asn.asn)]);
  if (e.user_agent) keys.push(['user_agent', e.user_agent]);
  if (e.client_fp) keys.push(['client_fp', e.client_fp]);
  return keys;
}

/**
 * The templates of an exchange's system prompt and last user turn, assigned to near-duplicate templates in the
 * global index (the engine's notion of a template: the same instruction with other payloads or small rewordings).
 */
function templatesOf(e: Exchange, index: TemplateIndex): Array<{ id: string; text: string }> {
  const req = normalizeExchange(e);
  const out: Array<{ id: string; text: string }> = [];
  for (const text of [req.system, req.lastUserText]) {
    const t = templateText(text);
    if (t.length >= MIN_TEMPLATE_CHARS) out.push({ id: index.assign(sketchText(t), e.account).templateId, text: t });
  }
  return out;
}

/**
 * Reads the log twice: once to tally what each distillation cluster's members used (and every account's prompt
 * templates, in the bounded template index), once to count the outside accounts that used the same addresses and
 * clients. Memory grows with the campaigns' keys and the template index's cap, not with the log.
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

  const index = new TemplateIndex();
  const tally = (i: number, k: string, account: string, t: number, template?: string) => {
    let entry = tallies[i]!.get(k);
    if (!entry) tallies[i]!.set(k, (entry = { members: new Set(), outsiders: new Set(), exchanges: 0, firstSeen: t, lastSeen: t, template }));
    entry.members.add(account);
    entry.exchanges++;
    if (t < entry.firstSeen) entry.firstSeen = t;
    if (t > entry.lastSeen) entry.lastSeen = t;
  };
  for await (const e of readLog()) {
    const templates = templatesOf(e, index);
    const i = clusterOf.get(e.account);
    if (i === undefined) continue;
    const t = exchangeTime(e);
    for (const [kind, value] of keysOf(e)) tally(i, tallyKey(kind, value), e.account, t);
    for (const { id, text } of templates) tally(i, tallyKey('template', id), e.account, t, text);
  }
  // A template's outsiders: every account the index saw on it, less the campaign's own.
  for (const map of tallies)
    for (const [k, entry] of map)
      if (k.startsWith('template\u0000')) entry.templateUsers = index.lookup(k.slice('template\u0000'.length))?.accounts ?? entry.members.size;
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
  const countOutsider = (k: string, account: string) => {
    for (let i = 0; i < tallies.length; i++) {
      const tally = tallies[i]!.get(k);
      if (tally && !tally.members.has(account) && tally.outsiders.size <= maxOutsiders) tally.outsiders.add(account);
    }
  };
  for await (const e of readLog()) {
    for (const [kind, value] of keysOf(e)) {
      const k = tallyKey(kind, value);
      if (wanted.has(k)) countOutsider(k, e.account);
    }
  }
  for (const [id, account] of accounts) {
    if (!account.payment) continue;
    const k = tallyKey('payment', account.payment);
    if (wanted.has(k)) countOutsider(k, id);
  }

  return campaigns.map((cluster, i) => {
    const byKind = new Map<FootprintKind, FootprintKey[]>();
    for (const [k, tally] of tallies[i]!) {
      const kind = k.slice(0, k.indexOf('\u0000')) as FootprintKind;
      const value = k.slice(kind.length + 1);
      if (tally.members.size < Math.min(MIN_MEMBERS[kind], cluster.accounts.length)) continue;
      const outsiders = outsidersOf(tally);
      if (outsiders > maxOutsiders) continue;
      if (kind === 'asn' && tally.members.size < cluster.accounts.length / 2) continue;
      const list = byKind.get(kind) ?? [];
      list.push({
        kind,
        value,
        members: tally.members.size,
        outsiders,
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
