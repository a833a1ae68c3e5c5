/**
 * The kinds of evidence that link two accounts to the same operator, with how much each is worth. A link shared by
 * few accounts is strong; the same link shared by a crowd (a carrier-grade NAT, a cloud provider's ASN, a stock
 * user agent, a popular agent's system prompt) is weak, so every kind's weight is scaled by how crowded its key is.
 */

export const LINK_KINDS = [
  'payment',
  'ip',
  'subnet',
  'asn',
  'client_fp',
  'user_agent',
  'template',
  'system_prompt',
  'sync',
  'registration',
  'successor',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface LinkKindSpec {
  /** Weight of one link of this kind between two accounts that are the only ones sharing the key. */
  base: number;
  /** How many accounts may share a key before it counts as crowded (weight starts to fall as sqrt(free / n)). */
  free: number;
  /** How fast weight falls past `free`: (free / n) ^ falloff. */
  falloff?: number;
  /** Accounts must both touch the key within this many milliseconds to be linked (Infinity: any time). */
  windowMs: number;
  /** Why this kind is evidence, for the documentation and for humans reading a cluster. */
  why: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const LINK_SPECS: Record<LinkKind, LinkKindSpec> = {
  payment: { base: 3, free: 64, windowMs: Infinity, why: 'one payment instrument pays for both accounts' },
  ip: { base: 1.2, free: 3, windowMs: DAY, why: 'same client address within a day' },
  subnet: { base: 0.6, free: 6, windowMs: DAY, why: 'same /24 (IPv4) or /48 (IPv6) within a day' },
  asn: { base: 0.15, free: 12, windowMs: DAY, why: 'same autonomous system within a day (weak: clouds and carriers)' },
  client_fp: { base: 1, free: 4, windowMs: 7 * DAY, why: 'same client fingerprint (TLS/header order)' },
  user_agent: { base: 0.5, free: 4, windowMs: 7 * DAY, why: 'same uncommon User-Agent string' },
  template: { base: 0.8, free: 6, windowMs: Infinity, why: 'same uncommon prompt template' },
  system_prompt: { base: 1, free: 6, windowMs: Infinity, why: 'same uncommon system prompt' },
  sync: { base: 1.5, free: 4, windowMs: 10 * 60_000, why: 'act on the same template within minutes, repeatedly' },
  registration: { base: 0.8, free: 3, falloff: 0.5, windowMs: Infinity, why: 'registered within minutes with the same details' },
  successor: { base: 1, free: 2, windowMs: 7 * DAY, why: 'appeared in the same neighbourhood after it went quiet' },
};

/**
 * How much a key shared by `n` accounts is worth relative to an uncrowded one: 1 up to `free` accounts, then
 * free / n, so a stock client fingerprint shared by 150 accounts is worth 3% of a private one and a NAT shared by
 * 10,000 next to nothing. (A square-root fall-off was tried first: it let a few library fingerprints and user agents
 * shared by hundreds of unrelated accounts tie them into one blob.) Registration keys fall off as a square root: a
 * burst of sign-ups with the same details within minutes is the evidence itself.
 */
export function crowdFactor(n: number, free: number, falloff = 1): number {
  return n <= free ? 1 : falloff === 1 ? free / n : Math.pow(free / n, falloff);
}

/** Repeated independent co-occurrences add confidence with diminishing returns: 1 event -> 1, 3 -> 1.8, 8 -> 2.4. */
export function repeatFactor(count: number): number {
  return 1 + Math.log(Math.max(1, count)) * 0.7;
}

/**
 * SynchroTrap's point: one coincidence in time is noise, repeated coincidences are coordination. Zero for one shared
 * window, rising towards 1 with more.
 */
export function synchronyFactor(windows: number): number {
  return windows <= 1 ? 0 : 1 - Math.exp(-(windows - 1) / 3);
}

/**
 * Two accounts asking one same uncommon prompt is often coincidence: public prompt lists, benchmarks and viral
 * prompts are pasted by unrelated people. Several distinct uncommon prompts in common point to one source list.
 * One shared template is worth a third of the kind's weight, two or more count as repeated evidence.
 */
export function sharedTemplatesFactor(distinctShared: number): number {
  return distinctShared <= 1 ? 0.3 : repeatFactor(distinctShared);
}
