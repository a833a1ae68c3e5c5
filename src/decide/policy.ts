/**
 * The enforcement policy file (YAML, `version: 1`): which actions to take for which verdicts, scores, signals,
 * regions and account attributes, and who is never acted on. Validated once at load with errors that name the bad
 * path ("rules[2].when.min_score: ..."), so an operator finds the mistake before it reaches traffic.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { VERIFICATIONS, TIERS } from '../exchange/account.js';
import { VERDICTS } from '../detect/report.js';
import { ACTIONS } from './actions.js';
import { parseDuration } from './duration.js';

const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code in upper case, e.g. "DE"');
const duration = z.string().refine(
  (s) => {
    try {
      parseDuration(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a duration such as 90s, 15m, 24h, 7d' },
);
const unit = z.number().min(0).max(1);
const range = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const paramsSchema = z.strictObject({
  requests_per_minute: z.number().positive().optional(),
  burst: z.number().int().positive().optional(),
  tokens_per_minute: z.number().positive().optional(),
  max_tokens: z.number().int().positive().optional(),
  reasoning: z.enum(['withhold', 'summarise']).optional(),
  verify_url: z.string().url().optional(),
});

const conditionSchema = z.strictObject({
  verdict: z.array(z.enum(VERDICTS)).min(1).optional(),
  cluster_verdict: z.array(z.enum(VERDICTS)).min(1).optional(),
  min_score: unit.optional(),
  max_score: unit.optional(),
  min_exchanges: z.number().int().nonnegative().optional(),
  in_cluster: z.boolean().optional(),
  tier: z.array(z.enum(TIERS)).min(1).optional(),
  verification: z.array(z.enum(VERIFICATIONS)).min(1).optional(),
  request_country: z.array(country).min(1).optional(),
  registration_country: z.array(country).min(1).optional(),
  /** Per-account signal shares and rates from the profile, e.g. `cot_share: {min: 0.5}`. */
  signals: z.record(z.string(), range).optional(),
});

const ruleSchema = z.strictObject({
  name: z.string().min(1),
  action: z.enum(ACTIONS),
  /** shadow: log what would happen (recorded as `monitor` with `wouldAction`), enforce: do it. */
  mode: z.enum(['enforce', 'shadow']).default('enforce'),
  scope: z.enum(['account', 'cluster']).default('account'),
  ttl: duration.optional(),
  reason: z.string().min(1),
  params: paramsSchema.default({}),
  when: conditionSchema.default({}),
});

const regionRuleSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Countries of the client IP (geo-IP of the request). */
    request_countries: z.array(country).min(1).optional(),
    /** Countries where the account is registered (the account's `country`). */
    registration_countries: z.array(country).min(1).optional(),
    /**
     * Jurisdictions of the account's ultimate owner (`owner_country`): a company registered elsewhere but controlled
     * from a restricted country is held by this, as restrictions on foreign-controlled companies require.
     */
    ownership_countries: z.array(country).min(1).optional(),
    action: z.enum(['block', 'challenge', 'monitor']),
    reason: z.string().min(1),
  })
  .refine((r) => r.request_countries || r.registration_countries || r.ownership_countries, {
    message: 'a region rule needs request_countries, registration_countries or ownership_countries',
  });

export const policySchema = z.strictObject({
  version: z.literal(1),
  /** Link template for evidence: {account}, {cluster}, {target} are replaced. */
  evidence_url: z.string().min(1).optional(),
  /** Where a challenged customer verifies: {account} is replaced. */
  challenge_url: z.string().min(1).default('https://example.invalid/verify?account={account}'),
  allowlist: z
    .strictObject({
      accounts: z.array(z.string().min(1)).default([]),
      /** Honour the account attribute `allowlisted: true` (docs/formats.md, accounts file). */
      honour_account_flag: z.boolean().default(true),
      /** Verification levels that are never acted on by rules (e.g. [eval] for evaluation shops). */
      verification: z.array(z.enum(VERIFICATIONS)).default([]),
    })
    .default({ accounts: [], honour_account_flag: true, verification: [] }),
  regions: z.array(regionRuleSchema).default([]),
  rules: z.array(ruleSchema).default([]),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyRule = Policy['rules'][number];
export type RuleCondition = PolicyRule['when'];
export type RegionRule = Policy['regions'][number];

export class PolicyError extends Error {}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/** The first few problems, and how many more: a hostile file can have thousands, and a person reads five. */
function listed(problems: string[], shown = 5): string {
  const head = problems.slice(0, shown).join('; ');
  return problems.length > shown ? `${head}; and ${problems.length - shown} more` : head;
}

/** Validates a parsed policy object; throws PolicyError listing every problem with its path. */
export function parsePolicy(value: unknown, source = 'policy'): Policy {
  // A YAML tag such as !!binary yields a Buffer, whose many methods would each be reported as an unknown key.
  const isMapping = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  if (!isMapping) throw new PolicyError(`${source} is invalid: (root): expected a mapping with version: 1`);
  const result = policySchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new PolicyError(`${source} is invalid: ${listed(problems)}`);
  }
  const names = new Set<string>();
  for (const [i, rule] of result.data.rules.entries()) {
    if (names.has(rule.name)) throw new PolicyError(`${source} is invalid: rules[${i}].name: duplicate "${rule.name}"`);
    names.add(rule.name);
  }
  return result.data;
}

/** Parses YAML text into a validated policy. */
export function parsePolicyYaml(text: string, source = 'policy'): Policy {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new PolicyError(`${source} is not valid YAML: ${doc.errors[0]!.message}`);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // e.g. the yaml library's guard against alias bombs ("Excessive alias count ...")
    throw new PolicyError(`${source} is not valid YAML: ${(err as Error).message}`);
  }
  return parsePolicy(value, source);
}

/** Reads and validates a policy file. */
export function loadPolicyFile(path: string): Policy {
  return parsePolicyYaml(readFileSync(path, 'utf8'), path);
}

/** The shipped default policy (policies/default.yaml in the package). */
export function loadDefaultPolicy(): Policy {
  return loadPolicyFile(new URL('../../policies/default.yaml', import.meta.url).pathname);
}

/**
 * Reasons a policy is not safe to turn on unattended: a deny rule (block/challenge) that can fire on a verdict
 * short of `distillation`, or allowlisted accounts not honoured. Empty for the shipped default.
 */
export function policySafetyProblems(policy: Policy): string[] {
  const problems: string[] = [];
  if (!policy.allowlist.honour_account_flag) problems.push('allowlist.honour_account_flag is false');
  policy.rules.forEach((rule, i) => {
    if (rule.mode !== 'enforce' || (rule.action !== 'block' && rule.action !== 'challenge')) return;
    const verdicts = rule.when.verdict;
    if (!verdicts || verdicts.some((v) => v !== 'distillation'))
      problems.push(`rules[${i}] (${rule.name}) can ${rule.action} without a distillation verdict`);
  });
  return problems;
}
