/**
 * Joins pieces of one campaign that share no strong infrastructure but run the same harvesting templates: a hydra
 * that gives each group of accounts its own payment method and spreads its traffic over crowded proxy and cloud
 * ranges shows up as several tightly controlled groups, which are one operator when they work through the same
 * harvest-type templates that (almost) nobody outside them uses.
 */
import type { AccountSummary } from './account-summary.js';

export interface TemplateUse {
  /** accounts that used the template (account index -> last use) */
  members: ReadonlyMap<number, number>;
  exchanges: number;
  harvest: number;
}

/** A template counts when at least this share of its exchanges are harvest-type... */
export const MERGE_TEMPLATE_HARVEST = 0.5;
/** ...at least this many accounts use it... */
export const MERGE_TEMPLATE_USERS = 6;
/** ...and at least this share of them sit in harvesting groups. */
export const MERGE_TEMPLATE_CONCENTRATION = 0.7;
/** A group is harvesting when at least this share of its members send harvest-type traffic regularly. */
export const HARVESTING_GROUP_SHARE = 0.5;
/** Two groups are joined when they share at least this many such templates. */
export const MERGE_MIN_SHARED = 2;

/** Whether an account sends harvest-type traffic regularly (3+ exchanges and 10%+ of its traffic). */
export function harvestsRegularly(s: AccountSummary): boolean {
  return s.harvest >= 3 && s.harvest >= 0.1 * s.exchanges;
}

/** Rewrites `community` in place, joining harvesting groups that share harvest templates. Returns joins made. */
export function mergeByTemplates(
  community: Map<number, number>,
  templates: Iterable<TemplateUse>,
  summary: (idx: number) => AccountSummary | undefined,
): number {
  const size = new Map<number, number>();
  const harvesting = new Map<number, number>();
  for (const [a, c] of community) {
    size.set(c, (size.get(c) ?? 0) + 1);
    const s = summary(a);
    if (s !== undefined && harvestsRegularly(s)) harvesting.set(c, (harvesting.get(c) ?? 0) + 1);
  }
  const isHarvestingGroup = (c: number) =>
    (size.get(c) ?? 0) >= 2 && (harvesting.get(c) ?? 0) >= HARVESTING_GROUP_SHARE * (size.get(c) ?? 1);
  const shared = new Map<string, number>();
  for (const t of templates) {
    const users = t.members.size;
    if (users < MERGE_TEMPLATE_USERS || t.exchanges === 0 || t.harvest < MERGE_TEMPLATE_HARVEST * t.exchanges) continue;
    const perGroup = new Map<number, number>();
    let inGroups = 0;
    for (const a of t.members.keys()) {
      const c = community.get(a);
      if (c === undefined || !isHarvestingGroup(c)) continue;
      perGroup.set(c, (perGroup.get(c) ?? 0) + 1);
      inGroups++;
    }
    if (inGroups < MERGE_TEMPLATE_CONCENTRATION * users) continue;
    const holders = [...perGroup.entries()]
      .filter(([, n]) => n >= Math.max(2, 0.05 * users))
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .map(([c]) => c);
    const hub = holders[0];
    if (hub === undefined) continue;
    for (const c of holders.slice(1)) {
      const key = hub < c ? `${hub}:${c}` : `${c}:${hub}`;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while ((parent.get(r) ?? r) !== r) r = parent.get(r) ?? r;
    return r;
  };
  let joins = 0;
  for (const [key, n] of shared) {
    if (n < MERGE_MIN_SHARED) continue;
    const [x, y] = key.split(':').map(Number) as [number, number];
    const rx = find(x);
    const ry = find(y);
    if (rx === ry) continue;
    parent.set(Math.max(rx, ry), Math.min(rx, ry));
    joins++;
  }
  if (joins > 0) for (const [a, c] of community) community.set(a, find(c));
  return joins;
}
