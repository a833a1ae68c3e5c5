/**
 * Low-and-slow campaigns: many accounts, each sending few exchanges, all on one template family, so that no single
 * account stands out. Found per template: the accounts that use it, how few exchanges each sends, how much of each
 * one's traffic it is, whether the template asks for harvest-type content, and whether the accounts are linked by
 * anything besides the template itself.
 */
import type { AccountSummary } from './account-summary.js';

export interface LowAndSlowGroup {
  templateId: string;
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

export interface TemplateUsers {
  templateId: string;
  members: ReadonlyMap<number, number>;
  exchanges: number;
  harvest: number;
}

/**
 * Finds low-and-slow groups among templates. `linked(account, group)` tells whether an account has a non-template
 * link (infrastructure, payment, registration, synchrony) to another account of the group.
 */
export function findLowAndSlow(
  templates: Iterable<TemplateUsers>,
  summary: (idx: number) => AccountSummary | undefined,
  trusted: (idx: number) => boolean,
  linked: (idx: number, group: ReadonlySet<number>) => boolean,
): LowAndSlowGroup[] {
  const groups: LowAndSlowGroup[] = [];
  for (const t of templates) {
    if (t.members.size < LOW_SLOW_MIN_ACCOUNTS) continue;
    if (t.exchanges === 0 || t.harvest / t.exchanges < 0.5) continue;
    const focused: number[] = [];
    const counts: number[] = [];
    let exchanges = 0;
    let harvest = 0;
    for (const idx of t.members.keys()) {
      const s = summary(idx);
      if (s === undefined || s.exchanges === 0 || trusted(idx)) continue;
      const onTemplate = s.templates.get(t.templateId) ?? 0;
      if (onTemplate / s.exchanges < LOW_SLOW_FOCUS) continue;
      focused.push(idx);
      counts.push(s.exchanges);
      exchanges += s.exchanges;
      harvest += s.harvest;
    }
    if (focused.length < LOW_SLOW_MIN_ACCOUNTS || focused.length < 0.6 * t.members.size) continue;
    counts.sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    if (median > LOW_SLOW_MAX_MEDIAN) continue;
    // A pattern, not a burst: the group must have been at it for a while before it is called low-and-slow.
    let first = Infinity;
    let last = -Infinity;
    for (const idx of focused) {
      const s = summary(idx);
      if (s === undefined) continue;
      first = Math.min(first, s.firstSeen);
      last = Math.max(last, s.lastSeen);
    }
    if (last - first < LOW_SLOW_MIN_SPAN_MS) continue;
    const set = new Set(focused);
    let linkedCount = 0;
    for (const idx of focused) if (linked(idx, set)) linkedCount++;
    const linkedShare = linkedCount / focused.length;
    if (linkedShare < 0.3) continue;
    groups.push({
      templateId: t.templateId,
      accounts: focused,
      medianExchanges: median,
      focusShare: focused.length / t.members.size,
      harvestShare: exchanges ? harvest / exchanges : 0,
      linkedShare,
      exchanges,
    });
  }
  return groups;
}
