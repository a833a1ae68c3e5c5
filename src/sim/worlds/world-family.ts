/**
 * Randomised worlds: a scenario family in which each seed draws the benign populations and the campaigns' tactics
 * from wide ranges, so that detection is judged on draws nobody tuned it on. Seeds 1-5, 101-108 and 201-230 are the
 * calibration family (thresholds may be tuned on them; 101-103 were judged until 4 Dec 2026, 104-106 that evening and
 * 107-108 late that day, when changes made after looking at them moved them here); seeds 109-200 are the judging family
 * (report them, never tune on them).
 * Every world holds the agentic-coding harvest that shares no infrastructure, two to four other campaigns with drawn
 * tactics, and benign look-alikes in numbers that measure 1%: unverified evaluation runners, batch jobs, apps,
 * open-source coding-agent users, university NATs and heavy developers.
 */
import { Rng } from '../rng.js';
import { ARCHETYPES, parseScenario, type Archetype, type BenignSegment, type CampaignSpec, type PopulationSpec, type Scenario, type Tactics } from '../scenario.js';

export const WORLD_SCENARIO = 'world';
export const CALIBRATION_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 101, 102, 103, 104, 105, 106, 107, 108, ...Array.from({ length: 30 }, (_, i) => 201 + i)];
export const JUDGING_SEEDS: readonly number[] = [109, 110, 111, 112, 113];
/** Accounts in a world at scale 1 (about a minute to simulate, scan and evaluate on a shared 2-core machine). */
export const WORLD_ACCOUNTS = 1500;

export interface WorldOptions {
  /** Multiplies every population and campaign size (default 1: about WORLD_ACCOUNTS accounts). */
  scale?: number;
  /** Leave these archetypes out of the world (leave-one-archetype-out). */
  without?: readonly Archetype[];
  /** Only these archetypes (the withheld one's own worlds). */
  only?: readonly Archetype[];
}

const uniform = (r: Rng, lo: number, hi: number): number => lo + r.next() * (hi - lo);
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Benign shares of the benign accounts and per-account daily volume ranges, per segment. */
const SEGMENT_RANGES: Record<BenignSegment, { share: [number, number]; perDay: [number, number] }> = {
  chat: { share: [0.3, 0.42], perDay: [2, 5] },
  // Heavy legitimate developers sit at the top of this range.
  developer: { share: [0.1, 0.15], perDay: [4, 20] },
  // Users of popular open-source agents: one shared system prompt and tool schema, organic sign-ups, own tasks.
  coding_agent: { share: [0.12, 0.18], perDay: [10, 25] },
  app: { share: [0.03, 0.05], perDay: [20, 80] },
  enterprise: { share: [0.05, 0.08], perDay: [3, 8] },
  batch: { share: [0.03, 0.05], perDay: [20, 60] },
  eval: { share: [0.05, 0.07], perDay: [20, 50] },
  // Researchers behind university NATs.
  research: { share: [0.04, 0.06], perDay: [10, 30] },
};

/** Daily exchanges per campaign account, by archetype (the low-and-slow one stays near 26 a day). */
const CAMPAIGN_PER_DAY: Record<Archetype, [number, number]> = {
  'reasoning-harvest': [30, 80],
  'agentic-harvest': [15, 35],
  'agentic-coding': [15, 30],
  'volume-pivot': [40, 120],
  'reseller-hydra': [10, 25],
  'low-and-slow': [18, 30],
  'reasoning-coercion': [30, 60],
};

function drawTactics(r: Rng, archetype: Archetype, hasRelease: boolean): Tactics {
  // The campaign keeps what defines it (own cards, residential exits, waves, the joint pivot); whether its
  // accounts type one `org` and reword their prompts is drawn.
  if (archetype === 'agentic-coding') return { org: r.chance(0.3), paraphrase: r.chance(0.5) };
  const t: Tactics = {};
  const sharing = r.int(0, 4);
  // From no shared card at all to every account on a few fleet cards.
  t.payment_sharing = sharing === 0 ? 0 : sharing === 1 ? round1(uniform(r, 0.05, 0.5)) : sharing === 2 ? round1(uniform(r, 0.5, 1)) : sharing === 3 ? 1 : 0;
  t.addresses = r.pick(['datacenter', 'residential', 'pool'] as const);
  const pacing = r.int(0, 3);
  if (pacing < 3 && archetype !== 'low-and-slow') t.pacing = (['machine', 'office', 'slow'] as const)[pacing];
  if (r.chance(0.3)) t.org = true;
  const signup = r.int(0, 2);
  if (signup < 2) t.signup = signup === 0 ? 'waves' : 'organic';
  t.paraphrase = r.chance(0.5);
  if (archetype === 'agentic-harvest' || archetype === 'volume-pivot') t.tools = r.chance(0.8);
  t.zh_share = round1(uniform(r, 0, 0.6));
  if (hasRelease) t.pivot = r.chance(0.6);
  return t;
}

/** The world of `seed`: a validated scenario. */
export function drawWorld(seed: number, opts: WorldOptions = {}): Scenario {
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error('world scale must be a positive number');
  const r = new Rng(`hydrawatch-world:${seed}`);
  const days = r.int(7, 10);
  const hasRelease = r.chance(0.85);
  const releaseDay = round1(days * uniform(r, 0.45, 0.7));
  const total = WORLD_ACCOUNTS * scale;
  const campaignShare = uniform(r, 0.2, 0.3);
  const benignTotal = total * (1 - campaignShare);

  const populations: Partial<Record<BenignSegment, PopulationSpec>> = {};
  for (const [segment, range] of Object.entries(SEGMENT_RANGES) as [BenignSegment, (typeof SEGMENT_RANGES)[BenignSegment]][]) {
    const spec: PopulationSpec = { accounts: Math.max(1, Math.round(benignTotal * uniform(r, ...range.share))), per_day: round1(uniform(r, ...range.perDay)) };
    // Most evaluation runners are customers nobody verified: they must be recognised by behaviour.
    if (segment === 'eval') spec.verified = round1(uniform(r, 0, 0.2));
    populations[segment] = spec;
  }

  const allowed = (a: Archetype) => !(opts.without ?? []).includes(a) && (opts.only === undefined || opts.only.includes(a));
  const others = r.shuffle(ARCHETYPES.filter((a) => a !== 'agentic-coding')).slice(0, r.int(2, 4));
  const chosen = (['agentic-coding', ...others] as Archetype[]).filter(allowed);
  if (chosen.length === 0) for (const a of ARCHETYPES) if (allowed(a)) chosen.push(a);
  // The agentic-coding harvest takes about half of the campaign accounts when present (hundreds of accounts).
  const weights = chosen.map((a) => (a === 'agentic-coding' ? chosen.length : uniform(r, 0.6, 1.4)));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const campaigns: CampaignSpec[] = chosen.map((archetype, i) => ({
    id: `c-${archetype}`,
    archetype,
    accounts: Math.max(3, Math.round((total * campaignShare * weights[i]!) / wsum)),
    per_day: round1(uniform(r, ...CAMPAIGN_PER_DAY[archetype])),
    start_day: round1(uniform(r, 0, Math.min(2, days / 4))),
    tactics: drawTactics(r.fork(`tactics:${archetype}`), archetype, hasRelease),
  }));

  const yaml = JSON.stringify({
    name: `world-${seed}`,
    description: `Randomised world, seed ${seed} (${CALIBRATION_SEEDS.includes(seed) ? 'calibration' : seed >= JUDGING_SEEDS[0]! && seed <= 200 ? 'judging' : 'unassigned'} family).`,
    seed,
    start: '2026-03-02T00:00:00Z',
    days,
    releases: hasRelease ? [{ model: 'm-2', day: releaseDay }] : [],
    corpora: 'prefer',
    populations,
    campaigns,
  });
  // Through the same validation as a user's scenario file: a drawn world is a scenario like any other.
  return parseScenario(yaml, `world ${seed}`);
}
