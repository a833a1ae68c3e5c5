import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { newAccountSummary } from './account-summary.js';
import type { ClusterScore, MemberContext } from './cluster-score.js';
import { applyRotation, rotatingFleet, ROTATION_MIN_LIFE_MS, worksAsRotation } from './rotation.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

interface Spec {
  from: number;
  hours: number;
  /** per hour of life */
  perHour?: number;
  /** share of exchanges harvest-type */
  harvest?: number;
  own?: Verdict;
  /** hours of the day active (default: every hour of its life) */
  activeHours?: number;
  account?: Account;
}

let next = 0;
function member(s: Spec): MemberContext {
  const idx = next++;
  const sum = newAccountSummary(idx, `a${idx}`, s.from);
  sum.lastSeen = s.from + s.hours * HOUR;
  sum.exchanges = Math.max(1, Math.round(s.hours * (s.perHour ?? 2)));
  sum.harvest = Math.round(sum.exchanges * (s.harvest ?? 0));
  const active = s.activeHours ?? Math.min(24, Math.ceil(s.hours));
  for (let h = 0; h < active; h++) sum.hours[(new Date(s.from).getUTCHours() + h) % 24] = 1;
  return { sum, account: s.account ?? { id: sum.id }, own: s.own === undefined ? undefined : { score: 0.5, verdict: s.own }, strongestLink: 0.5, tieBeyondCard: 0.5 };
}

/** `slots` slots, each a chain of `perSlot` accounts living `hours` h and handing over after `gapMin` minutes. */
function rotation(slots: number, perSlot: number, over: Partial<Spec> & { gapMin?: number } = {}): MemberContext[] {
  const out: MemberContext[] = [];
  for (let s = 0; s < slots; s++) {
    let from = T0 + s * 3 * HOUR;
    for (let k = 0; k < perSlot; k++) {
      const hours = over.hours ?? 30;
      out.push(member({ harvest: 0.08, own: k % 2 === 0 ? 'suspicious' : 'benign', ...over, from, hours }));
      from += hours * HOUR + (over.gapMin ?? 20) * 60_000;
    }
  }
  return out;
}

const endOf = (ms: readonly MemberContext[]) => Math.max(...ms.map((m) => m.sum.lastSeen));

test('short-lived accounts that work around the clock and hand over to one another, harvesting, are a rotating fleet', () => {
  const members = rotation(2, 5);
  const fleet = rotatingFleet(members, endOf(members) + 10 * HOUR);
  assert.ok(fleet, 'found');
  assert.equal(fleet.handovers, 8, 'four hand-overs in each of two slots');
  assert.equal(fleet.members.size, 10);
  assert.ok(fleet.score >= 0.5 && fleet.score <= 0.9, String(fleet.score));
  assert.match(fleet.evidence, /handing over to one another 8 times/);
});

test('without harvest-type traffic, or without members held for review on their own, a rotation is not a verdict', () => {
  const clean = rotation(2, 5, { harvest: 0 });
  assert.equal(rotatingFleet(clean, endOf(clean) + 10 * HOUR), null, 'no harvest');
  const unsuspected = rotation(2, 5, { own: 'benign' });
  assert.equal(rotatingFleet(unsuspected, endOf(unsuspected) + 10 * HOUR), null, 'no member suspected on its own');
  assert.ok(rotatingFleet(unsuspected, endOf(unsuspected) + 10 * HOUR, true), 'a fleet judged before keeps its verdict');
});

test('a life is the account\'s: customers signed up months ago whose working days in a short log hand over are no rotation', () => {
  const aged = rotation(2, 5, { hours: 9, perHour: 6 });
  for (const m of aged) m.account = { id: m.sum.id, created: new Date(T0 - 200 * 24 * HOUR).toISOString() };
  assert.equal(worksAsRotation(aged[0]!.sum), true, 'in the log alone, a busy working day looks like a short life');
  assert.equal(worksAsRotation(aged[0]!.sum, aged[0]!.account), false);
  assert.equal(rotatingFleet(aged, endOf(aged) + 10 * HOUR), null);
  const fresh = rotation(2, 5, { hours: 9, perHour: 6 });
  for (const m of fresh) m.account = { id: m.sum.id, created: new Date(m.sum.firstSeen - 30 * 60_000).toISOString() };
  assert.ok(rotatingFleet(fresh, endOf(fresh) + 10 * HOUR), 'signed up minutes before their first request');
});

test('classroom accounts (sessions of an hour or two, a new class after the last) are no rotation', () => {
  const members: MemberContext[] = [];
  for (let cls = 0; cls < 4; cls++) {
    for (let s = 0; s < 20; s++) members.push(member({ from: T0 + cls * 2 * HOUR, hours: 1.5, perHour: 10, harvest: 0.1, own: 'suspicious' }));
  }
  assert.ok(1.5 * HOUR < ROTATION_MIN_LIFE_MS);
  assert.equal(rotatingFleet(members, T0 + 20 * HOUR), null);
});

test('a busy account that pauses for half an hour while another one starts has handed over to no one', () => {
  // Day one of a log: eight accounts at work around the clock since the log began, each paused for a while now, and
  // eight others that started during those pauses and are at work now.
  const now = T0 + 20 * HOUR;
  const members: MemberContext[] = [];
  for (let i = 0; i < 8; i++) {
    const from = T0 + i * 0.5 * HOUR;
    const pausedAt = now - 5.5 * HOUR + i * 40 * 60_000;
    members.push(member({ from, hours: (pausedAt - from) / HOUR, perHour: 6, harvest: 0.15, own: 'suspicious' }));
    const started = pausedAt + 20 * 60_000;
    members.push(member({ from: started, hours: (now - 5 * 60_000 - started) / HOUR, perHour: 6, harvest: 0.15, own: 'suspicious' }));
  }
  assert.equal(rotatingFleet(members, now), null);
});

test("app users behind one backend work side by side for weeks: no hand-over, no rotation", () => {
  const members = Array.from({ length: 12 }, (_, i) => member({ from: T0 + i * HOUR, hours: 14 * 24, harvest: 0.1, own: 'suspicious' }));
  assert.equal(rotatingFleet(members, T0 + 15 * 24 * HOUR), null);
});

test('free-tier churn (short lives in a few sessions, not around the clock) is no rotation, even when lives follow one another', () => {
  const members = rotation(2, 6, { hours: 30, activeHours: 4 });
  assert.equal(worksAsRotation(members[0]!.sum), false);
  assert.equal(rotatingFleet(members, endOf(members) + 10 * HOUR), null);
});

test('many accounts at work at once are a crowd, not a rotation', () => {
  // A cohort of 16 accounts at work together, eight of them handed over to: 24 accounts, two thirds of them at once.
  const members: MemberContext[] = [];
  for (let s = 0; s < 16; s++) members.push(member({ from: T0, hours: 30, harvest: 0.1, own: 'suspicious' }));
  for (let s = 0; s < 8; s++) members.push(member({ from: T0 + 30.5 * HOUR, hours: 30, harvest: 0.1, own: 'suspicious' }));
  assert.equal(rotatingFleet(members, T0 + 100 * HOUR), null);
});

test('evaluation-like accounts take no part in a rotation; verified ones do (a typed field never erases evidence)', () => {
  const evaluation = rotation(2, 5);
  for (const m of evaluation) {
    m.sum.answerFormat = m.sum.exchanges;
    m.sum.deterministic = m.sum.exchanges;
  }
  assert.equal(rotatingFleet(evaluation, endOf(evaluation) + 10 * HOUR), null);
  const verified = rotation(2, 5, { account: { id: 'x', verification: 'enterprise' } });
  assert.equal(rotatingFleet(verified, endOf(verified) + 10 * HOUR)?.members.size, 10);
});

test('the account at work now counts as the fleet\'s once its predecessor handed over to it', () => {
  const members = rotation(1, 6, { harvest: 0.15 });
  const last = members.at(-1)!;
  // Its predecessor stopped 20 minutes before it started, and has been quiet for six hours since.
  const now = last.sum.firstSeen + 5.8 * HOUR;
  last.sum.lastSeen = now - 10 * 60_000;
  assert.equal(worksAsRotation(last.sum), false, 'too young to tell its pace');
  const fleet = rotatingFleet(members, now);
  assert.ok(fleet?.members.has(last.sum.idx));
  assert.equal(rotatingFleet(members, now + 5 * HOUR)?.members.has(last.sum.idx), false, 'stopped after five hours: neither at work nor stopped long enough');
});

test('a customer who starts right after a fleet account stopped is not its next account unless it shows it', () => {
  const members = rotation(1, 6, { harvest: 0.15 });
  const prevLast = members.at(-2)!.sum.lastSeen;
  const at = (account: Account, harvest = 0, own?: Verdict): MemberContext =>
    member({ from: prevLast + 20 * 60_000, hours: 5.6, harvest, account, own });
  // Its predecessor stopped 20 minutes before it started, and has been quiet for six hours since.
  const now = prevLast + 20 * 60_000 + 5.8 * HOUR;
  const aged = { id: 'customer', created: new Date(T0 - 200 * 24 * HOUR).toISOString() };
  const customer = at(aged);
  const fleetWith = (m: MemberContext) => rotatingFleet([...members.slice(0, -1), m], now);
  assert.equal(fleetWith(customer)?.members.has(customer.sum.idx) ?? false, false, 'signed up months ago, no harvest, benign on its own');
  const fresh = at({ id: 'fresh', created: new Date(prevLast + 5 * 60_000).toISOString() });
  assert.ok(fleetWith(fresh)?.members.has(fresh.sum.idx), 'signed up minutes before its first request');
  const harvesting = at(aged, 0.5);
  assert.ok(fleetWith(harvesting)?.members.has(harvesting.sum.idx), 'its own traffic harvests');
  const suspect = at(aged, 0, 'suspicious');
  assert.ok(fleetWith(suspect)?.members.has(suspect.sum.idx), 'held for review on its own');
});

test('applyRotation covers the fleet, raises the cluster and puts its evidence first', () => {
  const members = rotation(2, 5);
  const scored: ClusterScore = {
    score: 0.1, verdict: 'benign', harvesters: new Set(), evidence: ['harvesting sub-stream: ...', '9 other member(s) carry unrelated traffic (1 exchanges, 0% harvest-type) and are not covered by the verdict'],
    capabilities: [], ownedTemplates: new Set(), trust: 0, memberFacts: new Map(), sharedPayments: new Set(), fleet: new Set(), templateUsers: new Map(),
  };
  const covered = applyRotation(scored, rotatingFleet(members, endOf(members) + 10 * HOUR));
  assert.equal(covered.size, 10);
  assert.equal(scored.verdict, 'distillation');
  assert.equal(scored.harvesters.size, 10);
  assert.match(scored.evidence[0] ?? '', /^rotating fleet/);
  assert.ok(!scored.evidence.some((e) => /carry unrelated traffic/.test(e)));
  assert.equal(applyRotation(scored, null).size, 0);
});

test('every hand-over is heard, also before the fleet has enough of them to be judged', () => {
  const members = rotation(1, 4);
  const heard: [number, number][] = [];
  assert.equal(rotatingFleet(members, endOf(members) + 10 * HOUR, false, (a, b) => heard.push([a, b])), null, 'three hand-overs');
  assert.deepEqual(heard, members.slice(1).map((m, i) => [members[i]!.sum.idx, m.sum.idx]));
});
