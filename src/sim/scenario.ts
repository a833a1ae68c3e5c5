/**
 * Scenarios: YAML files that say who uses the simulated API (benign populations by segment) and who attacks it
 * (campaigns by archetype), over which period and with which model releases. Shipped ones live in `scenarios/`;
 * a user's own file works too. Validated once, up front, with errors that name the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

export const BENIGN_SEGMENTS = ['chat', 'developer', 'coding_agent', 'app', 'enterprise', 'batch', 'eval', 'research'] as const;
export type BenignSegment = (typeof BENIGN_SEGMENTS)[number];

export const ARCHETYPES = ['reasoning-harvest', 'agentic-harvest', 'agentic-coding', 'volume-pivot', 'reseller-hydra', 'low-and-slow', 'reasoning-coercion'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

const populationSchema = z.strictObject({
  accounts: z.number().int().nonnegative(),
  /** Mean exchanges per account per day (segment default when absent). */
  per_day: z.number().positive().optional(),
  /**
   * Share of the segment's accounts that a provider has verified or allowlisted (eval, research); absent keeps the
   * segment's default. 0 gives evaluation runners nobody vouched for: recognised by behaviour or not at all.
   */
  verified: z.number().min(0).max(1).optional(),
});

/**
 * How a campaign hides, overriding its archetype's defaults field by field (randomised worlds draw these per seed).
 * Absent fields keep the archetype's own tactics.
 */
export const tacticsSchema = z.strictObject({
  /** Share of accounts paying with one of a few fleet cards; the others each have their own (0 = every account its own card). */
  payment_sharing: z.number().min(0).max(1).optional(),
  /** `datacenter`: the campaign's own cloud hosts; `residential`: a new residential exit per session; `pool`: both. */
  addresses: z.enum(['datacenter', 'residential', 'pool']).optional(),
  /** `machine`: round the clock; `office`: human office hours in the account's time zone; `slow`: a few a day. */
  pacing: z.enum(['machine', 'office', 'slow']).optional(),
  /** Every campaign account declares the same `org` (a field the customer types). */
  org: z.boolean().optional(),
  /** `waves`: registered in batches weeks before; `organic`: registration dates spread like ordinary customers'. */
  signup: z.enum(['waves', 'organic']).optional(),
  /** Reword system prompts and instructions per account (no two accounts send the same words). */
  paraphrase: z.boolean().optional(),
  /** false: no tool schema is sent (tools are described in the prompt instead). */
  tools: z.boolean().optional(),
  /** Share of harvesting prompts sent in Chinese. */
  zh_share: z.number().min(0).max(1).optional(),
  /** true: the whole campaign moves to a newly released model within hours; false: it stays on the old one. */
  pivot: z.boolean().optional(),
});
export type Tactics = z.infer<typeof tacticsSchema>;

const campaignSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  archetype: z.enum(ARCHETYPES),
  accounts: z.number().int().positive(),
  per_day: z.number().positive().optional(),
  start_day: z.number().nonnegative().default(0),
  end_day: z.number().positive().optional(),
  /** Share of the campaign's accounts that get banned mid-run and are replaced by fresh ones. */
  replace: z.number().min(0).max(1).optional(),
  /** Share of benign-looking cover prompts mixed into the campaign's traffic. */
  benign_mix: z.number().min(0).max(1).optional(),
  /** Share of traffic moved to a newly released model within a day (volume-pivot). */
  pivot_share: z.number().min(0).max(1).optional(),
  tactics: tacticsSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  seed: z.number().int().default(1),
  start: z.iso.datetime({ offset: true }),
  days: z.number().positive().max(400),
  models: z.strictObject({ base: z.string().default('m-1'), mini: z.string().default('m-1-mini') }).default({ base: 'm-1', mini: 'm-1-mini' }),
  releases: z.array(z.strictObject({ model: z.string(), day: z.number() })).default([]),
  /** `prefer`: draw real prompts from a corpus directory when one is given; `none`: embedded generators only. */
  corpora: z.enum(['prefer', 'none']).default('none'),
  /**
   * Share of the fresh questions people type themselves (chat, developer, research, enterprise and coding-agent users)
   * that carry their own context and wishes around the pooled prompt (`text/personalise.ts`), as real traffic does; 0
   * (the shipped scenarios, whose figures the README quotes) sends pooled prompts as they are.
   */
  personal_prompts: z.number().min(0).max(1).default(0),
  populations: z.partialRecord(z.enum(BENIGN_SEGMENTS), populationSchema).default({}),
  campaigns: z.array(campaignSchema).default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type PopulationSpec = z.infer<typeof populationSchema>;
export type CampaignSpec = z.infer<typeof campaignSchema>;

/** The package's own scenario folder. */
export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

/** Names of the shipped scenarios. */
export function shippedScenarioPath(name: string): string | null {
  const p = join(SCENARIO_DIR, `${name}.yaml`);
  return existsSync(p) ? p : null;
}

/** Parses and validates scenario YAML text. */
export function parseScenario(text: string, origin: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`${origin}: not valid YAML (${(err as Error).message})`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${origin}: ${issue.path.join('.') || 'scenario'}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const c of parsed.data.campaigns) {
    if (ids.has(c.id)) throw new Error(`${origin}: campaigns: duplicate id ${c.id}`);
    ids.add(c.id);
  }
  return parsed.data;
}

/** Loads a shipped scenario by name, or a scenario file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const path = shippedScenarioPath(nameOrPath) ?? (existsSync(nameOrPath) ? resolve(nameOrPath) : null);
  if (!path) throw new Error(`unknown scenario "${nameOrPath}" (not a shipped scenario and no such file)`);
  return parseScenario(readFileSync(path, 'utf8'), path);
}

/** Scales population and campaign sizes by `factor` (at least one account where there was one). */
export function scaleScenario(s: Scenario, factor: number): Scenario {
  if (!(factor > 0)) throw new Error('--scale must be a positive number');
  const n = (k: number) => (k === 0 ? 0 : Math.max(1, Math.round(k * factor)));
  const populations: Scenario['populations'] = {};
  for (const [seg, p] of Object.entries(s.populations)) if (p) populations[seg as BenignSegment] = { ...p, accounts: n(p.accounts) };
  return { ...s, populations, campaigns: s.campaigns.map((c) => ({ ...c, accounts: n(c.accounts) })) };
}
