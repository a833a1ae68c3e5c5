/**
 * What every distillation campaign shares: a fleet of account slots whose accounts get banned and replaced by fresh
 * ones, machine timing dressed up with a fake daily rhythm (or synchronized waves across accounts), rotating client
 * addresses (residential proxies per session, or the campaign's own cloud hosts), rotating User-Agents over a real
 * client stack, several access paths, and a content mix that the archetype defines.
 */
import { COUNTRY_TZ, DAY, HOUR, MINUTE, nextRhythmic, rhythmMax, type Rhythm } from '../clock.js';
import type { Draft } from '../draft.js';
import { clientFingerprint, randomIp, residentialProxyIp, STACKS, type ClientStack } from '../network.js';
import type { Rng } from '../rng.js';
import type { CampaignSpec } from '../scenario.js';
import type { Actor, Emission, SimAccount, World } from '../world.js';

/** Every SDK and tool User-Agent: attackers rotate through them. */
export const ALL_AGENTS: readonly string[] = Object.values(STACKS).flatMap((s) => s.agents);

/** A fake daily rhythm: a human curve flattened toward round-the-clock, with per-campaign jitter. */
export function fakeRhythm(rng: Rng, base: readonly number[], flatness: number, tz: number): Rhythm {
  const hours = base.map((w) => (1 - flatness) * w + flatness * rng.lognormal(1, 0.25));
  return { hours, week: [1, 1, 1, 1, 1, 0.9 + rng.next() * 0.1, 0.9 + rng.next() * 0.1], tz };
}

export interface Timing {
  newSession: boolean;
  next(after: number): number | null;
}

/** Sessions of machine requests at a fake rhythm: `perDay` requests a day in bursts of about `perSession`. */
export class FakeRhythmClock implements Timing {
  newSession = false;
  private left = 0;
  private readonly max: number;
  constructor(private readonly rng: Rng, private readonly rhythm: Rhythm, private readonly perDay: number, private readonly perSession: number, private readonly gapSeconds: number, private readonly from: number, private readonly end: number) {
    this.max = rhythmMax(rhythm);
  }
  next(after: number): number | null {
    if (this.left > 0 && after >= this.from) {
      this.left--;
      const t = after + this.rng.lognormal(this.gapSeconds * 1000, 0.5);
      this.newSession = false;
      return t < this.end ? t : null;
    }
    const t = nextRhythmic(this.rng, this.rhythm, this.max, Math.max(after, this.from), this.perDay / this.perSession, this.end);
    if (t === null) return null;
    this.newSession = true;
    this.left = Math.max(0, Math.round(this.rng.lognormal(this.perSession, 0.4)) - 1);
    return t;
  }
}

/** Synchronized waves: accounts of a campaign start sessions together (within seconds) at shared times. */
export class WaveClock implements Timing {
  newSession = false;
  private left = 0;
  private idx = 0;
  constructor(private readonly rng: Rng, private readonly waves: readonly number[], private readonly join: number, private readonly perWave: number, private readonly gapSeconds: number, private readonly end: number) {}
  next(after: number): number | null {
    if (this.left > 0) {
      this.left--;
      const t = after + this.rng.lognormal(this.gapSeconds * 1000, 0.3);
      this.newSession = false;
      if (t < this.end && (this.idx >= this.waves.length || t < this.waves[this.idx]!)) return t;
    }
    while (this.idx < this.waves.length) {
      const w = this.waves[this.idx++]!;
      if (w <= after || !this.rng.chance(this.join)) continue;
      this.newSession = true;
      this.left = Math.max(0, Math.round(this.rng.lognormal(this.perWave, 0.3)) - 1);
      return w + this.rng.next() * 20_000;
    }
    return null;
  }
}

/** Shared wave start times of a campaign over its active period. */
export function waveTimes(rng: Rng, rhythm: Rhythm, perDay: number, from: number, end: number): number[] {
  const out: number[] = [];
  const max = rhythmMax(rhythm);
  let t: number | null = from;
  while ((t = nextRhythmic(rng, rhythm, max, t, perDay, end)) !== null) out.push(t);
  return out;
}

export type IpPolicy = { kind: 'proxy' } | { kind: 'pool'; pool: string[]; proxyShare: number };

export interface CampaignInfra {
  /** Chance that a request continues the previous one of the session (tool loop or follow-up), and how. */
  continueP?: number;
  followUp?: (prev: Draft, rng: Rng) => Draft | null;
  ipPolicy: IpPolicy;
  stack: ClientStack;
  accessPaths: readonly (readonly [string, number])[];
  endpoints: readonly (readonly ['chat.completions' | 'messages', number])[];
  /** Rotate the User-Agent every session (spoofing), else keep one per account. */
  rotateAgents: boolean;
}

/** A slot: one account at a time; when banned, a fresh account takes over the same job. */
export interface Slot {
  accounts: SimAccount[];
  /** Switch times: accounts[i] is used before switches[i]. */
  switches: number[];
}

export interface FleetIdentity {
  countries: readonly (readonly [string, number])[];
  emailDomain: (rng: Rng, country: string) => string;
  verification: (rng: Rng) => 'none' | 'email' | 'edu' | 'research' | 'startup' | 'enterprise' | 'eval';
  tier: (rng: Rng) => 'free' | 'paid' | 'scale' | 'enterprise';
  /** Number of distinct payment instruments for the fleet (shared round robin); 0 = none. */
  payments: number;
  /** Chance an account has no payment method even when the fleet has some. */
  noPayment?: number;
}

/** Creates the campaign's account slots, with registration in batches shortly before first use. */
export function buildFleet(world: World, spec: CampaignSpec, rng: Rng, id: FleetIdentity, archetype: string, maxReplacements = 2): Slot[] {
  const from = world.start + spec.start_day * DAY;
  const end = spec.end_day !== undefined ? Math.min(world.end, world.start + spec.end_day * DAY) : world.end;
  const tactics = spec.tactics ?? {};
  const sharing = tactics.payment_sharing;
  // A tactic share of accounts on fleet cards: about a dozen accounts per card, as carders load them.
  const fleetCards = sharing === undefined ? id.payments : sharing > 0 ? Math.max(1, Math.ceil((spec.accounts * sharing) / 12)) : 0;
  const payments = Array.from({ length: fleetCards }, () => world.newPaymentId());
  const org = tactics.org ? world.newOrgId() : undefined;
  const replace = spec.replace ?? 0.2;
  const slots: Slot[] = [];
  // Registration batches: accounts made in groups within the same few hours (`waves`: weeks before the first use).
  const [batchDays, batchSigma] = tactics.signup === 'waves' ? [21, 0.4] : [6, 0.8];
  const batchAt = Array.from({ length: Math.max(1, Math.ceil(spec.accounts / 25)) }, () => from - rng.lognormal(batchDays, batchSigma) * DAY);
  let made = 0;
  const paymentFor = (r: Rng): string | undefined => {
    if (sharing === undefined) return payments.length > 0 && !r.chance(id.noPayment ?? 0) ? payments[made % payments.length] : undefined;
    return payments.length > 0 && r.chance(sharing) ? r.pick(payments) : world.newPaymentId();
  };
  const make = (r: Rng, createdAt: number): SimAccount => {
    const c = r.weighted(id.countries);
    const payment = paymentFor(r);
    made++;
    return world.addAccount(
      { org, country: c, created: new Date(Math.round(createdAt)).toISOString(), email_domain: id.emailDomain(r, c), payment, verification: id.verification(r), tier: id.tier(r) },
      { label: 'distillation', campaign: spec.id, segment: archetype },
    );
  };
  // `organic`: sign-up dates spread over months like ordinary customers' (aged accounts bought or farmed early).
  const firstCreated = (r: Rng): number => (tactics.signup === 'organic' ? from - r.lognormal(60, 0.9) * DAY - r.next() * DAY : r.pick(batchAt) + r.next() * 4 * HOUR);
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`slot:${i}`);
    const slot: Slot = { accounts: [make(r, firstCreated(r))], switches: [] };
    let t = from;
    for (let k = 0; k < maxReplacements && r.chance(replace); k++) {
      const ban = t + r.next() * (end - t);
      if (ban >= end - HOUR) break;
      slot.switches.push(ban);
      t = ban + r.lognormal(25, 0.8) * MINUTE;
      slot.accounts.push(make(r, ban + r.lognormal(8, 0.8) * MINUTE));
    }
    slot.switches.push(Infinity);
    slots.push(slot);
  }
  return slots;
}

export function activeWindow(world: World, spec: CampaignSpec): { from: number; end: number } {
  return {
    from: world.start + spec.start_day * DAY,
    end: spec.end_day !== undefined ? Math.min(world.end, world.start + spec.end_day * DAY) : world.end,
  };
}

/** One slot of a campaign: timing, rotating infrastructure and the archetype's content. */
export class CampaignActor implements Actor {
  private ip = '';
  private ua: string;
  private path = 'direct';
  private endpoint: 'chat.completions' | 'messages' = 'chat.completions';
  private readonly fp: string;
  private readonly country: string;
  private prev: Draft | null = null;

  constructor(
    private readonly rng: Rng,
    readonly slot: Slot,
    private timing: Timing,
    private infra: CampaignInfra,
    private content: (t: number, rng: Rng, account: SimAccount) => Draft,
    private model: (t: number, rng: Rng) => string,
  ) {
    this.fp = clientFingerprint(infra.stack, rng.pick(['linux', 'linux', 'macos']));
    this.ua = rng.pick(infra.rotateAgents ? ALL_AGENTS : infra.stack.agents);
    this.country = slot.accounts[0]!.record.country ?? 'US';
  }

  next(after: number): number | null {
    let t = this.timing.next(after);
    // After a ban the replacement account resumes only once it exists.
    for (let i = 0; t !== null && i < this.slot.switches.length - 1; i++) {
      const ban = this.slot.switches[i]!;
      const resume = Date.parse(this.slot.accounts[i + 1]!.record.created!) + 5 * MINUTE;
      if (t >= ban && t < resume) t = this.timing.next(resume);
    }
    return t;
  }

  private accountAt(t: number): SimAccount {
    let i = 0;
    while (t >= this.slot.switches[i]!) i++;
    return this.slot.accounts[i]!;
  }

  emit(t: number): Emission {
    const r = this.rng;
    if (this.timing.newSession || !this.ip) {
      const p = this.infra.ipPolicy;
      this.ip = p.kind === 'proxy' || r.chance(p.proxyShare) ? residentialProxyIp(r) : r.pick(p.pool);
      if (this.infra.rotateAgents) this.ua = r.pick(ALL_AGENTS);
      this.path = r.weighted(this.infra.accessPaths);
      this.endpoint = r.weighted(this.infra.endpoints);
      this.prev = null;
    }
    const account = this.accountAt(t);
    let draft: Draft | null = null;
    if (this.prev && this.infra.followUp && r.chance(this.infra.continueP ?? 0)) draft = this.infra.followUp(this.prev, r);
    draft ??= this.content(t, r, account);
    this.prev = draft;
    return { account, ip: this.ip, userAgent: this.ua, clientFp: this.fp, accessPath: this.path, model: this.model(t, r), endpoint: this.endpoint, draft };
  }

  get home(): string {
    return this.country;
  }

  /** Replaces parts of the archetype's behaviour (a scenario's `tactics`); `content` wraps the archetype's drafts. */
  adjust(change: { timing?: Timing; ipPolicy?: IpPolicy; content?: (draft: Draft, t: number, rng: Rng) => Draft; model?: (t: number, rng: Rng) => string }): void {
    if (change.timing) this.timing = change.timing;
    if (change.ipPolicy) this.infra = { ...this.infra, ipPolicy: change.ipPolicy };
    if (change.model) this.model = change.model;
    const wrap = change.content;
    if (wrap) {
      const inner = this.content;
      // Follow-ups extend the session's (already rewritten) first request, so only fresh requests are wrapped.
      this.content = (t, rng, account) => wrap(inner(t, rng, account), t, rng);
    }
  }
}

/** The campaign's own servers: a few cloud /24s shared by its accounts (an infrastructure indicator). */
export function cloudPool(rng: Rng, size: number): string[] {
  const subnets = Array.from({ length: Math.max(1, Math.ceil(size / 8)) }, () => randomIp(rng, 'cloud').split('.').slice(0, 3).join('.'));
  return Array.from({ length: size }, () => `${rng.pick(subnets)}.${rng.int(2, 250)}`);
}

export const tzOf = (c: string): number => COUNTRY_TZ[c] ?? 0;
