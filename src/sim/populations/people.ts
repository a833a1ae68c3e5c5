/**
 * Benign segments of people working in sessions: individual chat users, developers, users of open-source coding
 * agents (one long shared system prompt and tool schema across thousands of unrelated accounts), researchers on
 * education domains, and enterprises (many accounts sharing a payment method and a corporate address range).
 */
import { CONSUMER_HOURS, CONSUMER_WEEK, COUNTRY_TZ, OFFICE_HOURS, WORK_WEEK, type Rhythm } from '../clock.js';
import type { Draft, DraftTurn } from '../draft.js';
import { corporateRange, PLATFORMS, randomIp, STACKS, type IpKind } from '../network.js';
import { Rng } from '../rng.js';
import type { PopulationSpec } from '../scenario.js';
import { SessionClock } from '../sessions.js';
import { AGENT_TASKS_EN, agentTask, CODING_AGENT_SYSTEMS, CODING_TOOLS, toolResult } from '../text/agents.js';
import { chatDraft, developerDraft, enterpriseDraft, researchDraft } from '../text/benign.js';
import { COMPANIES } from '../text/vocab.js';
import type { Actor, World } from '../world.js';
import { HumanActor } from './human.js';
import { country as pickCountry, EDU_DOMAINS, personalDomain, startupDomain } from './identity.js';

function rhythmFor(rng: Rng, c: string, hours: readonly number[], week: readonly number[]): Rhythm {
  // People keep individual hours: shift the curve by up to +-2 h.
  return { hours, week, tz: (COUNTRY_TZ[c] ?? 0) + rng.int(-2, 2) * 0.5 };
}

/** A stable home address with occasional mobile sessions and DHCP changes. */
function homeIps(rng: Rng, c: string, mobileShare: number, extra?: { kind: IpKind; share: number; fixed?: string }) {
  let home = randomIp(rng, 'home', c);
  return () => {
    if (extra && rng.chance(extra.share)) return extra.fixed ?? randomIp(rng, extra.kind, c);
    if (rng.chance(mobileShare)) return randomIp(rng, 'mobile', c);
    if (rng.chance(0.02)) home = randomIp(rng, 'home', c);
    return home;
  };
}

/** Heavy-tailed per-account volume: most people are light users, a few are heavy. */
const volume = (rng: Rng, perDay: number) => rng.lognormal(perDay * 0.6, 1.0);

export function buildChat(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`chat:${i}`);
    const c = pickCountry(r);
    const zh = c === 'CN' || c === 'TW' || c === 'HK' ? r.chance(0.85) : r.chance(0.02);
    const paid = r.chance(0.55);
    const account = world.addAccount(
      { country: c, created: world.createdBefore(r, 200), email_domain: personalDomain(r, c), payment: paid ? world.newPaymentId() : undefined, verification: 'email', tier: paid ? 'paid' : 'free' },
      { label: 'benign', campaign: null, segment: 'chat' },
    );
    const perDay = volume(r, spec.per_day ?? 5);
    const perSession = 1 + r.lognormal(3, 0.5);
    const clock = new SessionClock(r, { rhythm: rhythmFor(r, c, CONSUMER_HOURS, CONSUMER_WEEK), sessionsPerDay: perDay / perSession, perSession, thinkSeconds: r.lognormal(40, 0.4), from: world.start, end: world.end });
    actors.push(new HumanActor({
      world, rng: r, account, clock, continueP: 0.6, fresh: () => chatDraft(r, world.corpus, zh), sessionIp: homeIps(r, c, 0.25),
      stack: r.pick([STACKS.chatUi!, STACKS.chatUi!, STACKS.openaiPython!, STACKS.openaiNode!]), platform: r.pick(PLATFORMS),
      endpoint: r.chance(0.75) ? 'chat.completions' : 'messages', adoptAt: world.adoptionTime(r, 4, 0.3),
    }));
  }
  return actors;
}

export function buildDeveloper(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`dev:${i}`);
    const c = pickCountry(r);
    const zh = c === 'CN' ? r.chance(0.7) : false;
    const startup = r.chance(0.3);
    const account = world.addAccount(
      { country: c, created: world.createdBefore(r, 300), email_domain: startup ? startupDomain(r) : personalDomain(r, c), payment: world.newPaymentId(), verification: startup ? 'startup' : 'email', tier: r.chance(0.15) ? 'scale' : 'paid' },
      { label: 'benign', campaign: null, segment: 'developer' },
      r.int(1, 3),
    );
    const perDay = volume(r, spec.per_day ?? 14);
    const perSession = 1 + r.lognormal(5, 0.5);
    const clock = new SessionClock(r, { rhythm: rhythmFor(r, c, OFFICE_HOURS, WORK_WEEK), sessionsPerDay: perDay / perSession, perSession, thinkSeconds: r.lognormal(50, 0.5), from: world.start, end: world.end });
    actors.push(new HumanActor({
      world, rng: r, account, clock, continueP: 0.45, fresh: () => developerDraft(r, world.corpus, zh), sessionIp: homeIps(r, c, 0.05, { kind: 'cloud', share: 0.2 }),
      stack: r.pick([STACKS.openaiPython!, STACKS.anthropicPython!, STACKS.openaiNode!, STACKS.anthropicNode!, STACKS.langchain!, STACKS.curl!, STACKS.go!]), platform: r.pick(PLATFORMS),
      endpoint: r.chance(0.6) ? 'chat.completions' : 'messages', adoptAt: world.adoptionTime(r, 2, 0.15), miniShare: 0.3,
    }));
  }
  return actors;
}

/** One coding-agent step: a task, then tool calls and their results appended turn by turn. */
export function agentFollowUp(r: Rng, prev: Draft): Draft | null {
  if (prev.turns.length >= 9) return null;
  const step = toolResult(r);
  const id = `call_${r.hex(8)}`;
  const turns: DraftTurn[] = [...prev.turns, { role: 'assistant', text: '', toolCall: { id, name: step.name, args: step.args } }, { role: 'tool', id, text: step.result }];
  return { ...prev, turns };
}

export function buildCodingAgent(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`agent:${i}`);
    const c = pickCountry(r);
    const harness = r.int(0, CODING_AGENT_SYSTEMS.length - 1);
    const system = CODING_AGENT_SYSTEMS[harness]!;
    const account = world.addAccount(
      { country: c, created: world.createdBefore(r, 150), email_domain: r.chance(0.3) ? startupDomain(r) : personalDomain(r, c), payment: world.newPaymentId(), verification: 'email', tier: r.chance(0.2) ? 'scale' : 'paid' },
      { label: 'benign', campaign: null, segment: 'coding_agent' },
    );
    const perDay = volume(r, spec.per_day ?? 60);
    const perSession = 8 + r.lognormal(20, 0.6);
    const clock = new SessionClock(r, { rhythm: rhythmFor(r, c, OFFICE_HOURS, WORK_WEEK), sessionsPerDay: perDay / perSession, perSession, thinkSeconds: 9, thinkSigma: 0.8, from: world.start, end: world.end });
    const fresh = (): Draft => ({ system, tools: CODING_TOOLS, turns: [{ role: 'user', text: r.chance(0.1) ? r.pick(AGENT_TASKS_EN).replace('{f}', 'the project') : agentTask(r) }], kind: 'agent', zh: false, temperature: 0, maxTokens: 8192, stream: true, outTokens: 220 });
    actors.push(new HumanActor({
      world, rng: r, account, clock, continueP: 0.9, fresh, followUp: (p) => agentFollowUp(r, p), sessionIp: homeIps(r, c, 0.05),
      stack: harness === 2 ? STACKS.codingAgentPy! : STACKS.codingAgent!, platform: r.pick(PLATFORMS),
      endpoint: harness % 2 === 0 ? 'chat.completions' : 'messages', adoptAt: world.adoptionTime(r, 1.5, 0.1), miniShare: 0.1,
    }));
  }
  return actors;
}

export function buildResearch(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`research:${i}`);
    const domain = r.pick(EDU_DOMAINS);
    const c = domain.endsWith('.cn') ? 'CN' : domain.endsWith('.uk') ? 'GB' : domain.endsWith('.ch') ? 'CH' : domain.endsWith('.sg') ? 'SG' : domain.endsWith('.de') ? 'DE' : domain.endsWith('.kr') ? 'KR' : domain.endsWith('.jp') ? 'JP' : domain.endsWith('.in') ? 'IN' : domain.endsWith('.ca') ? 'CA' : 'US';
    const zh = c === 'CN' && r.chance(0.5);
    const account = world.addAccount(
      { country: c, created: world.createdBefore(r, 120), email_domain: domain, payment: world.newPaymentId(), verification: r.chance(0.6) ? 'research' : 'edu', tier: 'paid', allowlisted: r.chance(0.1) },
      { label: 'benign', campaign: null, segment: 'research' },
    );
    const perDay = volume(r, spec.per_day ?? 40);
    // Research scripts: long sessions of quick requests, started in office hours.
    const perSession = 5 + r.lognormal(40, 0.8);
    const clock = new SessionClock(r, { rhythm: rhythmFor(r, c, OFFICE_HOURS, WORK_WEEK), sessionsPerDay: perDay / perSession, perSession, thinkSeconds: r.lognormal(3, 0.7), thinkSigma: 0.6, from: world.start, end: world.end });
    // Universities sit behind a few NAT addresses: researchers of one campus share them (a hard case for IP links).
    const nat = new Rng(`campus:${domain}`);
    const campusPool = [randomIp(nat, 'campus', c), randomIp(nat, 'campus', c), randomIp(nat, 'campus', c)];
    const campus = r.pick(campusPool);
    actors.push(new HumanActor({
      world, rng: r, account, clock, continueP: 0.05, fresh: () => researchDraft(r, world.corpus, zh), sessionIp: () => (r.chance(0.7) ? campus : randomIp(r, r.chance(0.5) ? 'cloud' : 'home', c)),
      stack: r.pick([STACKS.openaiPython!, STACKS.anthropicPython!, STACKS.requests!]), platform: 'linux',
      endpoint: r.chance(0.6) ? 'chat.completions' : 'messages', adoptAt: world.adoptionTime(r, 1, 0.1), miniShare: 0.2,
    }));
  }
  return actors;
}

/** Enterprises: orgs of several accounts that share one payment method and one corporate /24. */
export function buildEnterprise(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  let made = 0;
  let orgIndex = 0;
  while (made < spec.accounts) {
    const ro = rng.fork(`ent:${orgIndex++}`);
    const size = Math.min(spec.accounts - made, ro.int(3, 40));
    const org = world.newOrgId();
    const payment = world.newPaymentId();
    const company = ro.pick(COMPANIES);
    const c = pickCountry(ro);
    const range = corporateRange(ro);
    const domain = `${company.toLowerCase().replace(/[^a-z]/g, '')}.com`;
    const allowlisted = ro.chance(0.3);
    const created = world.createdBefore(ro, 250);
    for (let k = 0; k < size; k++, made++) {
      const r = ro.fork(`a${k}`);
      const account = world.addAccount(
        { org, country: c, created: r.chance(0.5) ? created : world.createdBefore(r, 100), email_domain: domain, payment, verification: 'enterprise', tier: 'enterprise', allowlisted },
        { label: 'benign', campaign: null, segment: 'enterprise' },
      );
      const perDay = volume(r, spec.per_day ?? 12);
      const perSession = 1 + r.lognormal(3, 0.5);
      const clock = new SessionClock(r, { rhythm: rhythmFor(r, c, OFFICE_HOURS, WORK_WEEK), sessionsPerDay: perDay / perSession, perSession, thinkSeconds: r.lognormal(60, 0.4), from: world.start, end: world.end });
      actors.push(new HumanActor({
        world, rng: r, account, clock, continueP: 0.4, fresh: () => enterpriseDraft(r, world.corpus, company),
        sessionIp: () => (r.chance(0.8) ? `${range}.${r.int(2, 250)}` : randomIp(r, 'home', c)),
        stack: r.pick([STACKS.openaiPython!, STACKS.openaiNode!, STACKS.chatUi!]), platform: r.pick(PLATFORMS), endpoint: 'chat.completions',
        accessPath: r.chance(0.3) ? 'cloud' : 'direct', adoptAt: world.adoptionTime(r, 10, 0.4),
      }));
    }
  }
  return actors;
}
