/**
 * Benign segments that look machine-like: consumer apps (one account, one system prompt, many end users, high volume
 * following their users' day), batch jobs (one template over thousands of documents in bursts, often at night) and
 * evaluation runners (benchmark sweeps with "think step by step", re-run on a new model within a day of its
 * release). These are the hard cases a distillation detector must not flag.
 */
import { CONSUMER_HOURS, CONSUMER_WEEK, COUNTRY_TZ, DAY, HOUR, nextRhythmic, rhythmMax, type Rhythm } from '../clock.js';
import type { Draft } from '../draft.js';
import { clientFingerprint, randomIp, STACKS, type ClientStack } from '../network.js';
import type { Rng } from '../rng.js';
import type { PopulationSpec } from '../scenario.js';
import { APP_TYPES, appDraft, appSystem, BATCH_TEMPLATES, batchDraft, BENCHMARKS, evalDraft, type Benchmark } from '../text/benign.js';
import type { Actor, Emission, SimAccount, World } from '../world.js';
import { country as pickCountry, startupDomain } from './identity.js';

/** Shared plumbing of server-side clients: a few fixed cloud addresses, one SDK. */
class ServerClient {
  readonly ips: string[];
  readonly ua: string;
  readonly fp: string;
  constructor(rng: Rng, stack: ClientStack, servers: number) {
    this.ips = Array.from({ length: servers }, () => randomIp(rng, 'cloud'));
    this.ua = rng.pick(stack.agents);
    this.fp = clientFingerprint(stack, 'linux');
  }
}

class AppActor implements Actor {
  private readonly rhythm: Rhythm;
  private readonly max: number;
  private readonly server: ServerClient;
  private readonly app: (typeof APP_TYPES)[number];
  private readonly system: string;
  private readonly adoptAt: number;
  constructor(private readonly world: World, private readonly rng: Rng, private readonly account: SimAccount, private readonly perDay: number, c: string) {
    this.rhythm = { hours: CONSUMER_HOURS, week: CONSUMER_WEEK, tz: COUNTRY_TZ[c] ?? 0 };
    this.max = rhythmMax(this.rhythm);
    this.server = new ServerClient(rng, rng.chance(0.6) ? STACKS.openaiNode! : STACKS.openaiPython!, rng.int(1, 6));
    this.app = rng.pick(APP_TYPES);
    this.system = appSystem(rng, this.app);
    this.adoptAt = world.adoptionTime(rng, 6, 0.4);
  }
  next(after: number): number | null {
    return nextRhythmic(this.rng, this.rhythm, this.max, Math.max(after, this.world.start), this.perDay, this.world.end);
  }
  emit(t: number): Emission {
    const r = this.rng;
    let draft = appDraft(r, this.world.corpus, this.app, this.system);
    if (r.chance(0.3)) draft = { ...draft, turns: [{ role: 'user', text: 'hi' }, { role: 'assistant', text: 'Hello! How can I help you today?' }, ...draft.turns] };
    return { account: this.account, ip: r.pick(this.server.ips), userAgent: this.server.ua, clientFp: this.server.fp, accessPath: 'direct', model: this.world.modelAt(r, t, this.adoptAt, 0.4), endpoint: 'chat.completions', draft };
  }
}

export function buildApp(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`app:${i}`);
    const c = pickCountry(r);
    const account = world.addAccount(
      { org: world.newOrgId(), country: c, created: world.createdBefore(r, 250), email_domain: startupDomain(r), payment: world.newPaymentId(), verification: r.chance(0.5) ? 'startup' : 'email', tier: 'scale' },
      { label: 'benign', campaign: null, segment: 'app' },
      r.int(1, 2),
    );
    actors.push(new AppActor(world, r, account, r.lognormal(spec.per_day ?? 500, 0.7), c));
  }
  return actors;
}

/** Batch jobs: bursts of one template at machine pace, from one cloud host, on a cheap model. */
class BatchActor implements Actor {
  private left = 0;
  private gapMs = 500;
  private job: (typeof BATCH_TEMPLATES)[number] = BATCH_TEMPLATES[0];
  private ip = '';
  private readonly templates: (typeof BATCH_TEMPLATES)[number][];
  private readonly server: ServerClient;
  private readonly viaUser: boolean;
  private readonly cronHour: number;
  private readonly adoptAt: number;
  constructor(private readonly world: World, private readonly rng: Rng, private readonly account: SimAccount, private readonly perDay: number, private readonly everyDays: number, tz: number) {
    this.templates = rng.shuffle([...BATCH_TEMPLATES]).slice(0, rng.int(1, 2));
    this.server = new ServerClient(rng, rng.pick([STACKS.openaiPython!, STACKS.requests!, STACKS.go!]), 3);
    this.viaUser = rng.chance(0.4);
    this.cronHour = rng.chance(0.5) ? rng.int(0, 5) - tz : rng.int(9, 17) - tz; // nightly cron or office-hours runs
    this.adoptAt = world.adoptionTime(rng, 12, 0.6);
  }
  next(after: number): number | null {
    const r = this.rng;
    if (this.left > 0) {
      this.left--;
      const t = after + r.lognormal(this.gapMs, 0.35);
      return t < this.world.end ? t : null;
    }
    const base = Math.max(after, this.world.start) + r.exponential(this.everyDays * DAY);
    const day = Math.floor(base / DAY) * DAY;
    let t = day + (((this.cronHour % 24) + 24) % 24) * HOUR + r.next() * 40 * 60_000;
    if (t <= after) t += DAY;
    if (t >= this.world.end) return null;
    this.left = Math.max(20, Math.round(r.lognormal(this.perDay * this.everyDays, 0.5))) - 1;
    this.gapMs = r.lognormal(700, 0.6);
    this.job = r.pick(this.templates);
    this.ip = r.pick(this.server.ips);
    return t;
  }
  emit(t: number): Emission {
    const draft: Draft = batchDraft(this.rng, this.job, this.viaUser);
    const model = t >= this.adoptAt ? this.world.models.release?.model ?? this.world.models.mini : this.world.models.mini;
    return { account: this.account, ip: this.ip, userAgent: this.server.ua, clientFp: this.server.fp, accessPath: this.rng.chance(0.2) ? 'cloud' : 'direct', model, endpoint: 'chat.completions', draft };
  }
}

export function buildBatch(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const r = rng.fork(`batch:${i}`);
    const c = pickCountry(r);
    const account = world.addAccount(
      { org: world.newOrgId(), country: c, created: world.createdBefore(r, 200), email_domain: startupDomain(r), payment: world.newPaymentId(), verification: r.chance(0.3) ? 'enterprise' : 'email', tier: r.chance(0.5) ? 'scale' : 'paid' },
      { label: 'benign', campaign: null, segment: 'batch' },
    );
    actors.push(new BatchActor(world, r, account, r.lognormal(spec.per_day ?? 200, 0.6), r.pick([1, 1, 2, 3, 7]), COUNTRY_TZ[c] ?? 0));
  }
  return actors;
}

interface Sweep {
  at: number;
  model: string;
  benches: Benchmark[];
  items: number;
  gapMs: number;
}

/** Evaluation runners: sweeps of benchmarks; a new model is swept within a day of its release. */
class EvalActor implements Actor {
  private readonly sweeps: Sweep[] = [];
  private current: Sweep | null = null;
  private done = 0;
  private readonly server: ServerClient;
  private readonly cotStyle: number;
  constructor(private readonly world: World, private readonly rng: Rng, private readonly account: SimAccount, perDay: number, private readonly endpoint: 'chat.completions' | 'messages') {
    this.server = new ServerClient(rng, rng.chance(0.8) ? STACKS.evalHarness! : STACKS.anthropicPython!, 2);
    this.cotStyle = rng.int(0, 3);
    const days = (world.end - world.start) / DAY;
    const periodic = Math.max(1, Math.round(days / rng.int(3, 7)));
    const rel = world.models.release;
    const count = periodic + (rel ? 2 : 0);
    const items = Math.max(30, Math.round((perDay * days) / count));
    const make = (at: number, model: string): Sweep => ({ at, model, benches: rng.shuffle([...BENCHMARKS]).slice(0, rng.int(1, 3)), items: Math.round(rng.lognormal(items, 0.4)), gapMs: rng.lognormal(900, 0.5) });
    for (let k = 0; k < periodic; k++) this.sweeps.push(make(world.start + rng.next() * (world.end - world.start), rng.chance(0.7) ? world.models.base : world.models.mini));
    if (rel && rel.at < world.end) {
      // Re-run on release day: the new model first, the old one as a baseline.
      const at = rel.at + rng.lognormal(6 * HOUR, 0.7);
      if (at < world.end) {
        this.sweeps.push(make(Math.min(at, rel.at + 23 * HOUR), rel.model));
        this.sweeps.push(make(Math.min(at, rel.at + 23 * HOUR) + rng.lognormal(3 * HOUR, 0.5), world.models.base));
      }
    }
    this.sweeps.sort((a, b) => a.at - b.at);
  }
  next(after: number): number | null {
    const r = this.rng;
    if (this.current && this.done < this.current.items) {
      const t = after + r.lognormal(this.current.gapMs, 0.5);
      const upcoming = this.sweeps[0];
      if (!upcoming || t < upcoming.at) return t < this.world.end ? t : null;
    }
    const s = this.sweeps.shift();
    if (!s) return null;
    this.current = s;
    this.done = 0;
    return Math.max(s.at, after + 1);
  }
  emit(): Emission {
    const s = this.current!;
    const bench = s.benches[this.done % s.benches.length]!;
    const draft = evalDraft(this.rng, this.world.corpus, bench, this.cotStyle, this.done);
    this.done++;
    return { account: this.account, ip: this.rng.pick(this.server.ips), userAgent: this.server.ua, clientFp: this.server.fp, accessPath: 'direct', model: s.model, endpoint: this.endpoint, draft };
  }
}

/** Evaluation shops: one org, a few accounts, shared payment, some allowlisted by an analyst. */
export function buildEval(world: World, spec: PopulationSpec, rng: Rng): Actor[] {
  const actors: Actor[] = [];
  let made = 0;
  let k = 0;
  while (made < spec.accounts) {
    const ro = rng.fork(`evalorg:${k++}`);
    const size = Math.min(spec.accounts - made, ro.int(1, 4));
    const org = world.newOrgId();
    const payment = world.newPaymentId();
    const domain = startupDomain(ro);
    const c = ro.chance(0.7) ? 'US' : pickCountry(ro);
    // `verified` absent: the shipped scenarios' mix (a third of shops allowlisted, most accounts verified as eval).
    const vouched = spec.verified === undefined ? null : ro.chance(spec.verified);
    const allowlisted = vouched ?? ro.chance(0.35);
    for (let j = 0; j < size; j++, made++) {
      const r = ro.fork(`a${j}`);
      const created = world.createdBefore(r, 180);
      const verification = vouched === null ? (r.chance(0.6) ? 'eval' : 'startup') : vouched ? 'eval' : r.pick(['none', 'email', 'startup'] as const);
      const account = world.addAccount(
        { org, country: c, created, email_domain: domain, payment, verification, tier: 'scale', allowlisted },
        { label: 'benign', campaign: null, segment: 'eval' },
      );
      actors.push(new EvalActor(world, r, account, r.lognormal(spec.per_day ?? 300, 0.5), r.chance(0.6) ? 'chat.completions' : 'messages'));
    }
  }
  return actors;
}
