/**
 * Low-and-slow campaigns: many accounts, each sending few exchanges, all on one template family, so that no single
 * account stands out. A family is a set of templates worked by the same accounts (a campaign rotates a few phrasings
 * of one wrapper around its payloads). Found per family: the accounts that use it, how few exchanges each sends, how
 * much of each one's traffic it is, whether it asks for harvest-type content, and whether the accounts are linked by
 * anything besides the templates themselves.
 */
import type { AccountSummary } from './account-summary.js';
import { familiesByOverlap } from './families.js';
import { FirstMet } from './first-met.js';

export interface LowAndSlowGroup {
  templateId: string;
  /** every template of the family */
  templates: string[];
  accounts: number[];
  medianExchanges: number;
  focusShare: number;
  harvestShare: number;
  linkedShare: number;
  exchanges: number;
}

/** At least this many accounts must share the template. */
export const LOW_SLOW_MIN_ACCOUNTS = 12;
/** "Few exchanges each": the group's median account sends at most this many. */
export const LOW_SLOW_MAX_MEDIAN = 60;
/** Share of each account's traffic that must be on the template for it to count as focused on it. */
export const LOW_SLOW_FOCUS = 0.5;
/** The group's activity must span at least this long (log time). */
export const LOW_SLOW_MIN_SPAN_MS = 6 * 3_600_000;
/** Two templates are one family when this share of the less used one's accounts also use the other. */
export const FAMILY_OVERLAP = 0.5;

export interface TemplateUsers {
  templateId: string;
  members: ReadonlyMap<number, number>;
  exchanges: number;
  harvest: number;
}

/**
 * Finds low-and-slow groups among templates. `linked(account, group)` tells whether an account has a non-template
 * link (infrastructure, payment, registration, synchrony) to another account of the group. A family holding a
 * template of a group found before (`known`) stays a group as its accounts keep sending: "few exchanges each" and
 * "for a while" are how it is discovered, not conditions for staying caught.
 */
export function findLowAndSlow(
  templates: Iterable<TemplateUsers>,
  summary: (idx: number) => AccountSummary | undefined,
  trusted: (idx: number) => boolean,
  linked: (idx: number, group: ReadonlySet<number>) => boolean,
  known: ReadonlySet<string> = new Set(),
): LowAndSlowGroup[] {
  const groups: LowAndSlowGroup[] = [];
  for (const family of templateFamilies(templates)) {
    const users = familyUsers(family);
    let familyExchanges = 0;
    for (const t of family) familyExchanges += t.exchanges;
    const lead = family.reduce((a, b) => (b.exchanges > a.exchanges ? b : a));
    const established = family.some((t) => known.has(t.templateId));
    const inFamily = new Set(family.map((t) => t.templateId));
    const focused: number[] = [];
    const counts: number[] = [];
    let exchanges = 0;
    let harvest = 0;
    for (const idx of users) {
      const s = summary(idx);
      if (s === undefined || s.exchanges === 0 || trusted(idx)) continue;
      // Through whichever is shorter, the account's templates or the family's: a family can hold far more templates than
      // one account keeps, and this runs for each of its users at every refresh. Whole counts: the same sum either way.
      let onFamily = 0;
      if (s.templates.size < family.length) {
        s.templates.forEach((n, t) => {
          if (inFamily.has(t)) onFamily += n;
        });
      } else for (const t of family) onFamily += s.templates.get(t.templateId) ?? 0;
      if (onFamily / s.exchanges < LOW_SLOW_FOCUS) continue;
      focused.push(idx);
      counts.push(s.exchanges);
      exchanges += s.exchanges;
      harvest += s.harvest;
    }
    if (familyExchanges === 0 || focused.length < LOW_SLOW_MIN_ACCOUNTS || focused.length < 0.6 * users.length) continue;
    counts.sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    if (median > LOW_SLOW_MAX_MEDIAN && !established) continue;
    // A pattern, not a burst: the group must have been at it for a while before it is called low-and-slow.
    let first = Infinity;
    let last = -Infinity;
    for (const idx of focused) {
      const s = summary(idx);
      if (s === undefined) continue;
      first = Math.min(first, s.firstSeen);
      last = Math.max(last, s.lastSeen);
    }
    if (last - first < LOW_SLOW_MIN_SPAN_MS && !established) continue;
    const set = new Set(focused);
    // The group is its linked accounts: someone who merely uses the same phrasing as the campaign is not in it.
    const linkedAccounts = focused.filter((idx) => linked(idx, set));
    const linkedShare = linkedAccounts.length / focused.length;
    if (linkedShare < 0.3) continue;
    groups.push({
      templateId: lead.templateId,
      templates: family.map((t) => t.templateId),
      accounts: linkedAccounts,
      medianExchanges: median,
      focusShare: focused.length / users.length,
      harvestShare: exchanges ? harvest / exchanges : 0,
      linkedShare,
      exchanges,
    });
  }
  return groups;
}

const listed = new FirstMet();

/**
 * The distinct users of a family's templates, in the order first met (template by template): a list reused from family
 * to family, valid until the next call. Run for every family at every refresh: with a set per family and the entry
 * arrays of the loop below, low-and-slow families were a tenth of what a refresh allocated at `--scale 0.1`.
 */
function familyUsers(family: readonly TemplateUsers[]): readonly number[] {
  listed.clear();
  for (const t of family) t.members.forEach((_, idx) => listed.add(idx));
  return listed.list;
}

/**
 * Groups harvest-type templates used by at least LOW_SLOW_MIN_ACCOUNTS accounts into families: two templates are one
 * family when FAMILY_OVERLAP of the less used one's accounts also use the other.
 */
export function templateFamilies(templates: Iterable<TemplateUsers>): TemplateUsers[][] {
  const list = [...templates].filter(
    (t) => t.members.size >= LOW_SLOW_MIN_ACCOUNTS && t.exchanges > 0 && t.harvest / t.exchanges >= 0.5,
  );
  return familiesByOverlap(list, FAMILY_OVERLAP);
}
