/**
 * The six campaign archetypes of the public record (DESIGN.md section 1), each with the evasions a capable attacker
 * uses: reasoning harvest (load-balanced, shared payment, synchronized), agentic harvest (hundreds of varied
 * accounts, tools, images, later trace reconstruction), volume with a model-launch pivot, reseller hydra (distillation
 * mixed into unrelated customer traffic, banned accounts replaced at once), low-and-slow (~26 exchanges a day per
 * account) and reasoning-language coercion; and the agentic-coding harvest that shares no infrastructure at all
 * (`agentic-coding.ts`).
 */
import { CONSUMER_HOURS, DAY, HOUR, OFFICE_HOURS } from '../clock.js';
import type { Draft } from '../draft.js';
import { STACKS } from '../network.js';
import type { Rng } from '../rng.js';
import type { Archetype, CampaignSpec } from '../scenario.js';
import { ANALYSIS_TOOLS, agentTask, CODING_AGENT_SYSTEMS, CODING_TOOLS, COMPUTER_TOOLS, imageUrl } from '../text/agents.js';
import { codeHarvestText, coercionDraft, cotDraft, gradeDraft, rewriteDraft, traceDraft } from '../text/attack.js';
import { APP_TYPES, appDraft, appSystem, chatDraft, developerDraft } from '../text/benign.js';
import { mathProblem } from '../text/corpus.js';
import { CUSTOMER_COUNTRIES, EDU_DOMAINS, personalDomain, startupDomain } from '../populations/identity.js';
import { chatFollowUp } from '../populations/human.js';
import { agentFollowUp } from '../populations/people.js';
import type { World } from '../world.js';
import { buildAgenticCoding } from './agentic-coding.js';
import { activeWindow, buildFleet, CampaignActor, cloudPool, FakeRhythmClock, fakeRhythm, tzOf, WaveClock, waveTimes, type FleetIdentity } from './base.js';

type Builder = (world: World, spec: CampaignSpec, rng: Rng) => CampaignActor[];

const ASIA_MIX = [['US', 25], ['SG', 15], ['HK', 10], ['JP', 5], ['KR', 5], ['CN', 10], ['GB', 5], ['DE', 5], ['CA', 5], ['TW', 5]] as const;

/** Benign-looking cover traffic mixed into a campaign. */
function cover(world: World, rng: Rng): Draft {
  return rng.chance(0.5) ? chatDraft(rng, world.corpus, false) : developerDraft(rng, world.corpus, false);
}

/** Continues a session's previous request: tool loops for agent work, follow-up questions otherwise. */
function followUp(prev: Draft, rng: Rng): Draft | null {
  if (prev.tools) return agentFollowUp(rng, prev);
  return prev.turns.length < 5 ? chatFollowUp(rng, prev) : null;
}

/** Attack traffic moves to a new model like a keen developer would (volume-pivot overrides this). */
function followModels(world: World, rng: Rng): (t: number, r: Rng) => string {
  const adoptAt = world.adoptionTime(rng, 2, 0.2);
  return (t, r) => world.modelAt(r, t, adoptAt, 0.05);
}

const reasoningHarvest: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: ASIA_MIX, emailDomain: (r, c) => (r.chance(0.3) ? startupDomain(r) : personalDomain(r, c)),
    verification: (r) => (r.chance(0.3) ? 'startup' : 'email'), tier: (r) => (r.chance(0.4) ? 'scale' : 'paid'), payments: Math.max(2, Math.ceil(spec.accounts / 12)),
  };
  const slots = buildFleet(world, spec, rng, identity, 'reasoning-harvest');
  const rhythm = fakeRhythm(rng, OFFICE_HOURS, 0.5, tzOf('SG'));
  const perDay = spec.per_day ?? 200;
  const perWave = 14;
  const join = 0.75;
  const waves = waveTimes(rng.fork('waves'), rhythm, perDay / (perWave * join), from, end);
  const pool = cloudPool(rng, 12);
  const mix = spec.benign_mix ?? 0.1;
  const zhShare = 0.3;
  return slots.map((slot, i) => {
    const r = rng.fork(`rh:${i}`);
    return new CampaignActor(r, slot, new WaveClock(r, waves, join, perWave, 7, end),
      { continueP: 0.1, followUp, ipPolicy: { kind: 'pool', pool, proxyShare: 0.35 }, stack: STACKS.openaiPython!, accessPaths: [['direct', 8], ['cloud', 2]], endpoints: [['chat.completions', 7], ['messages', 3]], rotateAgents: false },
      (_t, rr) => {
        const zh = rr.chance(zhShare);
        const x = rr.next();
        if (x < mix) return cover(world, rr);
        if (x < mix + 0.45) return cotDraft(rr, world.corpus, zh);
        if (x < mix + 0.65) return gradeDraft(rr, world.corpus, zh);
        if (x < mix + 0.8) return rewriteDraft(rr, zh);
        return traceDraft(rr, world.corpus, zh);
      }, followModels(world, r));
  });
};

function agentDraft(world: World, rr: Rng, system: string, late: boolean): Draft {
  const x = rr.next();
  if (late && x < 0.2) return traceDraft(rr, world.corpus, false);
  if (x < 0.45) return { system, tools: CODING_TOOLS, turns: [{ role: 'user', text: rr.chance(0.5) ? agentTask(rr) : codeHarvestText(rr, world.corpus) }], kind: 'agent', zh: false, maxTokens: 16000, temperature: rr.pick([0, 0.3, 0.7]), think: rr.chance(0.5) };
  if (x < 0.65) return { system: 'You are a data analyst. Use the python tool to load, clean and analyse data, then explain the findings.', tools: ANALYSIS_TOOLS, turns: [{ role: 'user', text: `Analyse sales.csv: ${mathProblem(rr, world.corpus)} Plot the trend and explain it step by step.` }], kind: 'agent', zh: false, maxTokens: 8192, think: rr.chance(0.4) };
  if (x < 0.85) return { system: 'You control a computer to complete tasks for the user. Take a screenshot first, then act.', tools: COMPUTER_TOOLS, turns: [{ role: 'user', text: rr.pick(['Book the cheapest flight to Boston next Friday.', 'Fill the expense form with the attached receipt.', 'Find the settings page and enable two-factor authentication.', 'Download last month\'s invoices from the portal.']), images: [imageUrl(rr)] }], kind: 'agent', zh: false, maxTokens: 4096 };
  return { turns: [{ role: 'user', text: rr.pick(['Describe this image in detail and explain what is happening.', 'Extract all text from this screenshot and explain the error shown.', 'What does this chart show? Reason about the trend.']), images: [imageUrl(rr)] }], kind: 'vision', zh: false, maxTokens: 2048 };
}

const agenticHarvest: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: CUSTOMER_COUNTRIES,
    emailDomain: (r, c) => { const x = r.next(); return x < 0.35 ? r.pick(EDU_DOMAINS) : x < 0.7 ? startupDomain(r) : personalDomain(r, c); },
    verification: (r) => r.weighted([['edu', 3], ['research', 3], ['startup', 3], ['email', 2]] as const), tier: (r) => (r.chance(0.3) ? 'scale' : 'paid'), payments: Math.max(3, Math.ceil(spec.accounts / 6)),
  };
  const slots = buildFleet(world, spec, rng, identity, 'agentic-harvest');
  const pool = cloudPool(rng, 40);
  const mid = from + (end - from) / 2;
  const systems = Array.from({ length: 6 }, (_, k) => `You are ${rng.pick(['Atlas', 'Forge', 'Pilot', 'Helix', 'Nova', 'Scout'])}, an autonomous ${rng.pick(['software', 'research', 'data'])} agent. Plan before acting, call tools to gather information, and verify results. ${k % 2 ? 'Explain your reasoning at each step.' : 'Think carefully before every tool call.'}`);
  const mix = spec.benign_mix ?? 0.12;
  return slots.map((slot, i) => {
    const r = rng.fork(`ag:${i}`);
    const c = slot.accounts[0]!.record.country ?? 'US';
    const clock = new FakeRhythmClock(r, fakeRhythm(r, r.chance(0.5) ? OFFICE_HOURS : CONSUMER_HOURS, 0.4, tzOf(c)), r.lognormal(spec.per_day ?? 90, 0.4), 20, 12, from, end);
    const system = r.pick(systems);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.5, followUp, ipPolicy: { kind: 'pool', pool, proxyShare: 0.6 }, stack: r.chance(0.5) ? STACKS.openaiPython! : STACKS.anthropicNode!, accessPaths: [['direct', 5], ['cloud', 3], ['reseller', 2]], endpoints: [['chat.completions', 5], ['messages', 5]], rotateAgents: true },
      (t, rr) => (rr.chance(mix) ? cover(world, rr) : agentDraft(world, rr, system, t > mid)), followModels(world, r));
  });
};

const volumePivot: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: ASIA_MIX, emailDomain: (r) => startupDomain(r), verification: (r) => (r.chance(0.6) ? 'startup' : 'email'), tier: (r) => (r.chance(0.7) ? 'scale' : 'paid'), payments: Math.max(2, Math.ceil(spec.accounts / 10)),
  };
  const slots = buildFleet(world, spec, rng, identity, 'volume-pivot');
  const pool = cloudPool(rng, 24);
  const rel = world.models.release;
  const pivotAt = rel ? rel.at + rng.int(2, 20) * HOUR : Infinity;
  const share = spec.pivot_share ?? 0.5;
  const mix = spec.benign_mix ?? 0.05;
  const systems = [...CODING_AGENT_SYSTEMS.slice(0, 2), 'You are a coding assistant that orchestrates tools to complete software tasks end to end. Use tools; do not ask the user questions.'];
  return slots.map((slot, i) => {
    const r = rng.fork(`vp:${i}`);
    const clock = new FakeRhythmClock(r, fakeRhythm(r, OFFICE_HOURS, 0.7, tzOf('SG')), r.lognormal(spec.per_day ?? 500, 0.3), 60, 4, from, end);
    const accountPivot = pivotAt + r.next() * 2 * HOUR;
    const system = r.pick(systems);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.6, followUp, ipPolicy: { kind: 'pool', pool, proxyShare: 0.2 }, stack: STACKS.codingAgent!, accessPaths: [['direct', 7], ['cloud', 3]], endpoints: [['chat.completions', 6], ['messages', 4]], rotateAgents: true },
      (_t, rr) => (rr.chance(mix) ? cover(world, rr) : { system, tools: CODING_TOOLS, turns: [{ role: 'user', text: rr.chance(0.6) ? agentTask(rr) : codeHarvestText(rr, world.corpus) }], kind: 'agent', zh: false, maxTokens: 16000, temperature: 0, think: rr.chance(0.3), stream: true }),
      (t, rr) => (t >= accountPivot && rel && rr.chance(share) ? rel.model : rr.chance(0.1) ? world.models.mini : world.models.base));
  });
};

const resellerHydra: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: CUSTOMER_COUNTRIES, emailDomain: (r, c) => personalDomain(r, c), verification: () => 'email', tier: (r) => (r.chance(0.2) ? 'scale' : 'paid'), payments: Math.max(2, Math.ceil(spec.accounts / 15)),
  };
  const slots = buildFleet(world, { ...spec, replace: spec.replace ?? 0.4 }, rng, identity, 'reseller-hydra', 3);
  const pool = cloudPool(rng, 60);
  const apps = APP_TYPES.map((a) => ({ a, system: appSystem(rng, a) }));
  const distill = 1 - (spec.benign_mix ?? 0.6);
  return slots.map((slot, i) => {
    const r = rng.fork(`rs:${i}`);
    const clock = new FakeRhythmClock(r, fakeRhythm(r, CONSUMER_HOURS, 0.5, tzOf(r.pick(['US', 'GB', 'SG', 'CN']))), r.lognormal(spec.per_day ?? 45, 0.5), 6, 20, from, end);
    const customer = r.pick(apps);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.35, followUp, ipPolicy: { kind: 'pool', pool, proxyShare: 0.4 }, stack: r.chance(0.5) ? STACKS.openaiNode! : STACKS.go!, accessPaths: [['reseller', 5], ['cloud', 3], ['direct', 2]], endpoints: [['chat.completions', 8], ['messages', 2]], rotateAgents: true },
      (_t, rr) => {
        if (rr.chance(distill)) {
          const x = rr.next();
          return x < 0.6 ? cotDraft(rr, world.corpus, rr.chance(0.3)) : x < 0.8 ? traceDraft(rr, world.corpus, false) : gradeDraft(rr, world.corpus, false);
        }
        const y = rr.next();
        return y < 0.4 ? chatDraft(rr, world.corpus, rr.chance(0.2)) : y < 0.7 ? developerDraft(rr, world.corpus, false) : appDraft(rr, world.corpus, customer.a, customer.system);
      }, followModels(world, r));
  });
};

const LOW_SLOW_TEMPLATES = [
  ['Solve the following problem. {C}.\n\n{p}', 'Here is a problem to solve. {C}.\n\n{p}', 'Problem:\n{p}\n\nSolve it. {C}.'],
  ['{p}\n\nPlease answer carefully and {c}.', '{p}\n\nAnswer with care; {c}.', '{p}\nBe careful, and {c}.'],
  ['Question: {p}\nInstructions: {C}.', 'Q: {p}\nInstruction: {C}.', 'Question -> {p}\nHow to answer: {c}.'],
] as const;
const LOW_SLOW_COT = ['explain your reasoning step by step', 'show every step of your reasoning', 'walk through the reasoning in detail before the answer'];

const lowAndSlow: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: CUSTOMER_COUNTRIES, emailDomain: (r, c) => personalDomain(r, c), verification: (r) => (r.chance(0.7) ? 'email' : 'none'), tier: (r) => (r.chance(0.8) ? 'free' : 'paid'),
    payments: Math.max(1, Math.ceil(spec.accounts / 50)), noPayment: 0.8,
  };
  const slots = buildFleet(world, { ...spec, replace: spec.replace ?? 0.1 }, rng, identity, 'low-and-slow');
  const family = rng.pick(LOW_SLOW_TEMPLATES);
  const mix = spec.benign_mix ?? 0.1;
  return slots.map((slot, i) => {
    const r = rng.fork(`ls:${i}`);
    const c = slot.accounts[0]!.record.country ?? 'US';
    const clock = new FakeRhythmClock(r, fakeRhythm(r, CONSUMER_HOURS, 0.3, tzOf(c)), r.lognormal(spec.per_day ?? 26, 0.2), 3, 45, from, end);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.05, followUp, ipPolicy: { kind: 'proxy' }, stack: STACKS.openaiPython!, accessPaths: [['direct', 1]], endpoints: [['chat.completions', 1]], rotateAgents: true },
      (_t, rr) => {
        if (rr.chance(mix)) return chatDraft(rr, world.corpus, false);
        const p = rr.chance(0.7) ? mathProblem(rr, world.corpus) : codeHarvestText(rr, world.corpus);
        const c = rr.pick(LOW_SLOW_COT);
        const text = rr.pick(family).replace('{p}', p).replace('{c}', c).replace('{C}', c[0]!.toUpperCase() + c.slice(1));
        return { turns: [{ role: 'user', text }], kind: 'math', zh: false, maxTokens: 4096, temperature: 0.7 };
      }, followModels(world, r));
  });
};

const reasoningCoercion: Builder = (world, spec, rng) => {
  const { from, end } = activeWindow(world, spec);
  const identity: FleetIdentity = {
    countries: [['CN', 3], ['HK', 3], ['SG', 2], ['TW', 1], ['US', 2]], emailDomain: (r, c) => personalDomain(r, c), verification: () => 'email', tier: () => 'paid', payments: Math.max(2, Math.ceil(spec.accounts / 8)),
  };
  const slots = buildFleet(world, spec, rng, identity, 'reasoning-coercion');
  const pool = cloudPool(rng, 16);
  const mix = spec.benign_mix ?? 0.15;
  return slots.map((slot, i) => {
    const r = rng.fork(`rc:${i}`);
    const clock = new FakeRhythmClock(r, fakeRhythm(r, OFFICE_HOURS, 0.5, tzOf('CN')), r.lognormal(spec.per_day ?? 150, 0.3), 10, 15, from, end);
    return new CampaignActor(r, slot, clock,
      { continueP: 0.15, followUp, ipPolicy: { kind: 'pool', pool, proxyShare: 0.5 }, stack: STACKS.anthropicPython!, accessPaths: [['direct', 6], ['cloud', 4]], endpoints: [['messages', 6], ['chat.completions', 4]], rotateAgents: true },
      (_t, rr) => (rr.chance(mix) ? chatDraft(rr, world.corpus, rr.chance(0.7)) : coercionDraft(rr, world.corpus)), followModels(world, r));
  });
};

export const ARCHETYPE_BUILDERS: Record<Archetype, Builder> = {
  'reasoning-harvest': reasoningHarvest,
  'agentic-harvest': agenticHarvest,
  'agentic-coding': buildAgenticCoding,
  'volume-pivot': volumePivot,
  'reseller-hydra': resellerHydra,
  'low-and-slow': lowAndSlow,
  'reasoning-coercion': reasoningCoercion,
};

/** Days a campaign is active (for sizing). */
export const campaignDays = (world: World, spec: CampaignSpec): number => {
  const { from, end } = activeWindow(world, spec);
  return Math.max(0, (end - from) / DAY);
};
