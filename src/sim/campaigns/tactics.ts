/**
 * A scenario's `tactics` for a campaign: how it hides, applied over its archetype's own behaviour (addresses, pacing,
 * rewording, tool schemas, language, the move to a new model). Payment sharing, a declared `org` and sign-up waves
 * are account attributes and are applied where the fleet is made (`buildFleet`).
 */
import { CONSUMER_HOURS, FLAT_WEEK, HOUR, OFFICE_HOURS, WORK_WEEK } from '../clock.js';
import type { Draft, DraftTurn } from '../draft.js';
import type { Rng } from '../rng.js';
import type { CampaignSpec, Tactics } from '../scenario.js';
import { coercionDraft, cotDraft, traceDraft } from '../text/attack.js';
import { makeParaphraser } from '../text/paraphrase.js';
import type { World } from '../world.js';
import { activeWindow, CampaignActor, cloudPool, FakeRhythmClock, fakeRhythm, tzOf, type IpPolicy, type Timing } from './base.js';

const REASONING_KINDS = new Set(['math', 'trace', 'grade', 'rewrite']);
const ZH_ANSWER = '请用中文回答，并用中文写出你的思考过程。';

function pacedClock(world: World, spec: CampaignSpec, pacing: NonNullable<Tactics['pacing']>, r: Rng, home: string): Timing {
  const { from, end } = activeWindow(world, spec);
  const perDay = spec.per_day ?? 40;
  if (pacing === 'machine') return new FakeRhythmClock(r, { hours: fakeRhythm(r, OFFICE_HOURS, 1, 0).hours, week: FLAT_WEEK, tz: 0 }, r.lognormal(perDay, 0.3), 20, 6, from, end);
  if (pacing === 'office') return new FakeRhythmClock(r, { hours: OFFICE_HOURS, week: WORK_WEEK, tz: tzOf(home) + r.int(-2, 2) * 0.5 }, r.lognormal(perDay, 0.4), 8, 40, from, end);
  // Low and slow: about a dozen a day at most, two or three at a time, on a consumer-looking curve.
  return new FakeRhythmClock(r, fakeRhythm(r, CONSUMER_HOURS, 0.3, tzOf(home)), r.lognormal(Math.min(perDay, 12), 0.3), 2, 60, from, end);
}

function addressPolicy(kind: NonNullable<Tactics['addresses']>, pool: string[]): IpPolicy {
  if (kind === 'residential') return { kind: 'proxy' };
  return { kind: 'pool', pool, proxyShare: kind === 'datacenter' ? 0 : 0.5 };
}

/** Tools described in the prompt instead of sent as a schema. */
function withoutToolSchema(d: Draft): Draft {
  if (!d.tools) return d;
  const names = d.tools.map((t) => t.name).join(', ');
  const turns = d.turns.map((t, i): DraftTurn => (i === 0 && t.role === 'user' ? { ...t, text: `${t.text}\n\n(Available actions: ${names}. Reply with the action to take and its arguments.)` } : t));
  return { ...d, tools: undefined, turns };
}

function inChinese(world: World, d: Draft, rng: Rng): Draft {
  if (d.zh) return d;
  if (REASONING_KINDS.has(d.kind)) return d.kind === 'trace' ? traceDraft(rng, world.corpus, true) : d.think ? coercionDraft(rng, world.corpus) : cotDraft(rng, world.corpus, true);
  const turns = d.turns.map((t, i): DraftTurn => (i === d.turns.length - 1 && t.role === 'user' ? { ...t, text: `${t.text}\n\n${ZH_ANSWER}` } : t));
  return { ...d, turns, zh: true };
}

/** Applies `spec.tactics` to a campaign's actors (a no-op without tactics, so shipped scenarios are unchanged). */
export function applyTactics(world: World, spec: CampaignSpec, actors: CampaignActor[], rng: Rng): void {
  const t = spec.tactics;
  if (!t) return;
  const pool = cloudPool(rng.fork('pool'), Math.max(8, Math.ceil(spec.accounts / 4)));
  const rel = world.models.release;
  const pivotAt = rel ? rel.at + rng.int(2, 12) * HOUR : Infinity;
  const share = spec.pivot_share ?? 0.7;
  actors.forEach((actor, i) => {
    const r = rng.fork(`actor:${i}`);
    const paraphrase = t.paraphrase ? makeParaphraser(r.fork('words')) : null;
    const accountPivot = pivotAt + r.next() * 2 * HOUR;
    actor.adjust({
      timing: t.pacing ? pacedClock(world, spec, t.pacing, r.fork('clock'), actor.home) : undefined,
      ipPolicy: t.addresses ? addressPolicy(t.addresses, pool) : undefined,
      model:
        t.pivot === undefined
          ? undefined
          : (at, rr) => (t.pivot && rel && at >= accountPivot && rr.chance(share) ? rel.model : rr.chance(0.1) ? world.models.mini : world.models.base),
      content: (draft, _at, rr) => {
        let d = draft;
        if (t.tools === false) d = withoutToolSchema(d);
        if (t.zh_share !== undefined && rr.chance(t.zh_share)) d = inChinese(world, d, rr);
        if (paraphrase) d = { ...d, system: d.system === undefined ? undefined : paraphrase(d.system), turns: d.turns.map((x) => (x.role === 'user' ? { ...x, text: paraphrase(x.text) } : x)) };
        return d;
      },
    });
  });
}
