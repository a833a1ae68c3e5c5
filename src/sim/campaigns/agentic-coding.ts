/**
 * The agentic-coding harvest of the public record's largest campaign, as it evades control links: hundreds of
 * accounts each with its own card and a new residential address per session, registered in waves weeks before,
 * sharing a few paraphrases of one agent system prompt and one tool schema, working through the same kind of coding
 * tasks, and moving to a newly released model together. Nothing ties two accounts but content and timing.
 */
import { OFFICE_HOURS } from '../clock.js';
import type { Draft, ToolDef } from '../draft.js';
import { STACKS } from '../network.js';
import type { Rng } from '../rng.js';
import type { CampaignSpec } from '../scenario.js';
import { agentTask } from '../text/agents.js';
import { codeHarvestText } from '../text/attack.js';
import { makeParaphraser } from '../text/paraphrase.js';
import { chatFollowUp } from '../populations/human.js';
import { agentFollowUp } from '../populations/people.js';
import { CUSTOMER_COUNTRIES, EDU_DOMAINS, personalDomain, startupDomain } from '../populations/identity.js';
import type { World } from '../world.js';
import { activeWindow, buildFleet, CampaignActor, FakeRhythmClock, fakeRhythm, tzOf, type FleetIdentity } from './base.js';

const str = (description: string) => ({ type: 'string', description });

/** The campaign's own tool schema (not one of the public coding agents'). */
const HARVEST_TOOLS: readonly ToolDef[] = [
  { name: 'shell', description: 'Execute a bash command in the sandbox and return its output.', parameters: { type: 'object', properties: { cmd: str('bash command') }, required: ['cmd'] } },
  { name: 'view', description: 'Show a file with line numbers.', parameters: { type: 'object', properties: { file: str('path'), start: str('first line') }, required: ['file'] } },
  { name: 'patch', description: 'Apply a unified diff to the workspace.', parameters: { type: 'object', properties: { diff: str('unified diff') }, required: ['diff'] } },
  { name: 'finish', description: 'Declare the task complete with a summary of the solution.', parameters: { type: 'object', properties: { summary: str('what was done and why') }, required: ['summary'] } },
];

const HARVEST_SYSTEM =
  'You are a senior software engineer working autonomously in a sandboxed repository. Plan before acting, call tools to gather information, and verify results by running the tests. Explain your reasoning in detail before every change, then apply the change and call finish with a summary.';

/** The defaults that make this archetype: override any of them with the scenario's `tactics`. */
export const AGENTIC_CODING_TACTICS = { payment_sharing: 0, addresses: 'residential', signup: 'waves', pivot: true } as const;

function task(world: World, rr: Rng, system: string): Draft {
  const text = rr.chance(0.55) ? codeHarvestText(rr, world.corpus) : `${agentTask(rr)} Explain your reasoning step by step as you go.`;
  return { system, tools: HARVEST_TOOLS, turns: [{ role: 'user', text }], kind: 'agent', zh: false, maxTokens: 16000, temperature: rr.pick([0, 0.2]), think: rr.chance(0.5) };
}

function followUp(prev: Draft, rng: Rng): Draft | null {
  if (prev.tools) return agentFollowUp(rng, prev);
  return prev.turns.length < 5 ? chatFollowUp(rng, prev) : null;
}

export function buildAgenticCoding(world: World, spec: CampaignSpec, rng: Rng): CampaignActor[] {
  const { from, end } = activeWindow(world, spec);
  const withDefaults: CampaignSpec = { ...spec, tactics: { ...AGENTIC_CODING_TACTICS, ...spec.tactics } };
  const identity: FleetIdentity = {
    countries: CUSTOMER_COUNTRIES,
    emailDomain: (r, c) => { const x = r.next(); return x < 0.3 ? r.pick(EDU_DOMAINS) : x < 0.6 ? startupDomain(r) : personalDomain(r, c); },
    verification: (r) => r.weighted([['edu', 2], ['research', 2], ['startup', 3], ['email', 3]] as const), tier: (r) => (r.chance(0.3) ? 'scale' : 'paid'), payments: 0,
  };
  const slots = buildFleet(world, withDefaults, rng, identity, 'agentic-coding');
  // A few paraphrases of one system prompt, shared out among the accounts.
  const systems = Array.from({ length: 3 }, (_, k) => makeParaphraser(rng.fork(`system:${k}`))(HARVEST_SYSTEM));
  return slots.map((slot, i) => {
    const r = rng.fork(`ac:${i}`);
    const c = slot.accounts[0]!.record.country ?? 'US';
    const clock = new FakeRhythmClock(r, fakeRhythm(r, OFFICE_HOURS, 0.5, tzOf(c)), r.lognormal(spec.per_day ?? 30, 0.4), 12, 15, from, end);
    const system = r.pick(systems);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.6, followUp, ipPolicy: { kind: 'proxy' }, stack: r.chance(0.5) ? STACKS.openaiPython! : STACKS.anthropicPython!, accessPaths: [['direct', 8], ['cloud', 2]], endpoints: [['chat.completions', 5], ['messages', 5]], rotateAgents: true },
      (_t, rr) => task(world, rr, system), (_t, rr) => (rr.chance(0.1) ? world.models.mini : world.models.base));
  });
}
