/**
 * Joins small pieces of one harvest to the large community that harvests with the same content (issue 14).
 *
 * At the `report-scale` population the low-and-slow campaign is found by no template family (its accounts send more
 * than a family's median allows over 4 days) and holds together by chance /24 meetings and successions alone: Louvain
 * puts most of it in one community and leaves about a quarter in pieces of 6-23 accounts, each a distillation cluster
 * of its own. Each such piece has about as much partition weight towards the reseller's community as towards its own
 * campaign's (both rotate residential exits in the same home ranges), so no address weighing tells the two apart;
 * what does is what the pieces harvest: their harvesting members' prompt templates are the campaign's (cosine 0.97-0.99
 * with its main community's harvesting members), against 0.16 with the reseller's, whose traffic is on its customers'
 * system prompts.
 *
 * A piece (PIECE_MIN_ACCOUNTS to PIECE_MAX_ACCOUNTS accounts, half or more of them harvesting regularly) joins the
 * community, at least PIECE_SIZE_RATIO times its size, whose harvesting members' template profile is within
 * PIECE_MIN_COSINE of its own; among several, the one it has the most partition weight towards; none if it has none.
 * Content alone never joins anything: the piece must already be tied to the community by control links, and must harvest
 * what that community's harvesters harvest. Benign pieces (under half harvesting) and groups that harvest content of
 * their own (coercion, reasoning harvests: cosine under 0.25) stay apart.
 */
import { harvestsRegularly, type AccountSummary } from './account-summary.js';
import { membersByCommunity } from './community-members.js';

export const PIECE_MIN_ACCOUNTS = 3;
export const PIECE_MAX_ACCOUNTS = 100;
/** A large community is at least this many times the piece's size (and at least PIECE_MAX_ACCOUNTS accounts). */
export const PIECE_SIZE_RATIO = 10;
export const PIECE_MIN_COSINE = 0.9;

/** What a group's harvesting members harvest: their prompt templates and system prompts, each counted by exchanges. */
interface Profile {
  templates: Map<string, number>;
  system: Map<string, number>;
  norm: number;
}

function addCounts(into: Map<string, number>, counts: ReadonlyMap<string, number>): void {
  counts.forEach((n, t) => into.set(t, (into.get(t) ?? 0) + n));
}

/** How many of `members` harvest regularly: what decides whether a group's profile is needed at all. */
function harvestingIn(members: readonly number[], summary: (idx: number) => AccountSummary | undefined): number {
  let n = 0;
  for (const idx of members) {
    const s = summary(idx);
    if (s !== undefined && harvestsRegularly(s)) n++;
  }
  return n;
}

function profileOf(members: readonly number[], summary: (idx: number) => AccountSummary | undefined): Profile {
  const templates = new Map<string, number>();
  const system = new Map<string, number>();
  for (const idx of members) {
    const s = summary(idx);
    if (s === undefined || !harvestsRegularly(s)) continue;
    addCounts(templates, s.templates);
    addCounts(system, s.systemTemplates);
  }
  let sq = 0;
  for (const v of templates.values()) sq += v * v;
  for (const v of system.values()) sq += v * v;
  return { templates, system, norm: Math.sqrt(sq) };
}

function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) sum += v * (large.get(k) ?? 0);
  return sum;
}

/** Cosine of two profiles over templates and system prompts, each its own dimension. */
function cosine(a: Profile, b: Profile): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  return (dot(a.templates, b.templates) + dot(a.system, b.system)) / (a.norm * b.norm);
}

/**
 * Moves the accounts of each qualifying piece into its large community (see the module doc). `weightsFrom(members)`
 * gives, per other community, the partition weight from the members towards it; a piece holding an account
 * `foundByOwnEvidence` (a low-and-slow family's, a content campaign's) is left where its group was placed. Returns the
 * pieces joined.
 */
export function joinContentPieces(
  community: Map<number, number>,
  summary: (idx: number) => AccountSummary | undefined,
  weightsFrom: (members: readonly number[]) => ReadonlyMap<number, number>,
  foundByOwnEvidence: (idx: number) => boolean = () => false,
): number {
  const groups = membersByCommunity(community);
  // The pieces first: most refreshes have none, and then no large community's profile is built.
  const pieces: { members: number[]; p: Profile }[] = [];
  for (const [, members] of groups) {
    if (members.length < PIECE_MIN_ACCOUNTS || members.length >= PIECE_MAX_ACCOUNTS) continue;
    // A low-and-slow family or content campaign put in a community of its own (group-placement.ts) stays there.
    if (members.some(foundByOwnEvidence)) continue;
    const harvesting = harvestingIn(members, summary);
    if (harvesting < PIECE_MIN_ACCOUNTS || 2 * harvesting < members.length) continue;
    pieces.push({ members, p: profileOf(members, summary) });
  }
  if (pieces.length === 0) return 0;
  // A community is a candidate for a piece only at PIECE_SIZE_RATIO times its size: only those get a profile.
  let smallest = PIECE_MAX_ACCOUNTS;
  for (const { members } of pieces) smallest = Math.min(smallest, members.length);
  const large: { c: number; size: number; p: Profile }[] = [];
  for (const [c, members] of groups) {
    if (members.length < Math.max(PIECE_MAX_ACCOUNTS, PIECE_SIZE_RATIO * smallest) || harvestingIn(members, summary) === 0) continue;
    large.push({ c, size: members.length, p: profileOf(members, summary) });
  }
  const moves: [number[], number][] = [];
  for (const { members, p } of pieces) {
    const similar = large.filter((l) => l.size >= PIECE_SIZE_RATIO * members.length && cosine(p, l.p) >= PIECE_MIN_COSINE);
    if (similar.length === 0) continue;
    const weights = weightsFrom(members);
    let best = -1;
    let bestWeight = 0;
    for (const l of similar) {
      const w = weights.get(l.c) ?? 0;
      if (w > bestWeight || (w === bestWeight && best >= 0 && l.c < best)) [best, bestWeight] = [l.c, w];
    }
    if (best >= 0) moves.push([members, best]);
  }
  // Decided on the communities as they were; applied after, so no piece's move depends on another's.
  for (const [members, c] of moves) for (const a of members) community.set(a, c);
  return moves.length;
}
