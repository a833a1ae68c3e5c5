import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import { newAccountSummary, recordExchange } from './account-summary.js';
import { accountableMember, machinePaced, ORGANISATION_SOFTENING, scoreCluster, type MemberContext } from './cluster-score.js';
import { syntheticSignals } from './synthetic.js';

function member(i: number, harvestEvery: number, template: (k: number) => string, account: Account, link = 1): MemberContext {
  const s = newAccountSummary(i, account.id, 0);
  for (let k = 0; k < 60; k++) {
    const harvest = harvestEvery > 0 && k % harvestEvery === 0;
    recordExchange(s, k * 3_600_000, 'm', syntheticSignals({ cot: harvest ? 0.9 : 0 }), template(k), null, i * 1000 + k);
  }
  return { sum: s, account, own: { score: 0.1, verdict: 'benign' }, strongestLink: link, tieBeyondCard: link };
}

test('a coordinated group harvesting on its own templates is distillation', () => {
  const members = Array.from({ length: 8 }, (_, i) => member(i, 1, (k) => `camp${k % 3}`, { id: `a${i}`, payment: `p${i % 2}` }));
  const s = scoreCluster(members, () => 8, 1000);
  assert.equal(s.verdict, 'distillation');
  assert.equal(s.harvesters.size, 8);
  assert.ok(s.evidence.some((e) => /100% harvest-type/.test(e)));
});

test('the same content without common control is not', () => {
  const members = Array.from({ length: 8 }, (_, i) => member(i, 1, (k) => `camp${k % 3}`, { id: `a${i}` }, 0));
  assert.notEqual(scoreCluster(members, () => 8, 1000).verdict, 'distillation');
});

test('an enterprise on one payment with no harvest sub-stream is benign', () => {
  const members = Array.from({ length: 8 }, (_, i) =>
    member(i, 0, (k) => `own${i}_${k}`, { id: `e${i}`, payment: 'corp', org: 'corp' }),
  );
  assert.equal(scoreCluster(members, () => 1, 1000).verdict, 'benign');
});

test("a reseller's verdict covers its harvesting accounts only", () => {
  const harvesting = Array.from({ length: 6 }, (_, i) => member(i, 1, (k) => `camp${k % 2}`, { id: `h${i}`, payment: 'res' }));
  const others = Array.from({ length: 10 }, (_, i) => member(10 + i, 0, (k) => `x${i}_${k}`, { id: `o${i}`, payment: 'res' }));
  const s = scoreCluster([...harvesting, ...others], () => 6, 1000);
  assert.equal(s.verdict, 'distillation');
  assert.deepEqual([...s.harvesters].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
  assert.ok(s.evidence.some((e) => /10 other member\(s\) carry unrelated traffic/.test(e)));
});

test('verified evaluation runners stay benign', () => {
  const members = Array.from({ length: 6 }, (_, i) =>
    member(i, 1, (k) => `bench${k % 2}`, { id: `v${i}`, payment: 'lab', org: 'lab', verification: 'eval' }),
  );
  assert.notEqual(scoreCluster(members, () => 6, 1000).verdict, 'distillation');
});

test('accounts on shared payments running agentic coding around the clock are volume automation; an app is not', () => {
  const paced = (i: number, account: Account): MemberContext => {
    const s = newAccountSummary(i, account.id, 0);
    for (let k = 0; k < 480; k++) {
      const cap = k % 2 ? 'coding' : 'agentic';
      recordExchange(s, k * 900_000, 'm', syntheticSignals({ capability: cap }), `job${i}_${k}`, null, i * 10_000 + k);
    }
    return { sum: s, account, own: { score: 0.2, verdict: 'benign' }, strongestLink: 1, tieBeyondCard: 1 };
  };
  const campaign = Array.from({ length: 6 }, (_, i) => paced(i, { id: `c${i}`, payment: `p${i % 2}` }));
  const s = scoreCluster(campaign, () => 1, 1000);
  assert.equal(s.verdict, 'distillation');
  assert.equal(s.harvesters.size, 6);
  const apps = Array.from({ length: 3 }, (_, i) => paced(i, { id: `app${i}`, payment: `own${i}`, org: `org${i}` }));
  assert.notEqual(scoreCluster(apps, () => 1, 1000).verdict, 'distillation');
});

/**
 * An account working agentic tool use, 60 exchanges, on its own varied prompts (`cotEvery`: every so many asks for its
 * reasoning; 0 none), tied to accounts on other cards by `tie` (addresses, fingerprints...).
 */
function agent(i: number, account: Account, tie = 1, cotEvery = 0): MemberContext {
  const s = newAccountSummary(i, account.id, 0);
  for (let k = 0; k < 60; k++) {
    const cot = cotEvery > 0 && k % cotEvery === 0 ? 0.9 : 0;
    recordExchange(s, k * 3_600_000, 'm', syntheticSignals({ capability: 'agentic', cot }), `task${i}_${k}`, null, i * 1000 + k);
  }
  return { sum: s, account, own: { score: 0.1, verdict: 'benign' }, strongestLink: 1, tieBeyondCard: tie };
}

test('a fleet: many accounts on a few cards working one harvested capability is distillation', () => {
  const fleet = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }));
  const s = scoreCluster(fleet, () => 1, 1000);
  assert.equal(s.verdict, 'distillation');
  assert.equal(s.harvesters.size, 12);
  assert.ok(s.evidence.some((e) => /fleet: 12 accounts on 3 shared payment method\(s\) that pay for 12 accounts/.test(e)));
});

test('a piece of a fleet is one when its cards pay for enough accounts elsewhere', () => {
  const piece = Array.from({ length: 6 }, (_, i) => agent(i, { id: `p${i}`, payment: `card${i % 2}` }));
  assert.notEqual(scoreCluster(piece, () => 1, 1000).verdict, 'distillation');
  assert.equal(scoreCluster(piece, () => 1, 1000, () => 6).verdict, 'distillation');
});

test('not a fleet: each on its own card, or too few accounts', () => {
  const own = Array.from({ length: 12 }, (_, i) => agent(i, { id: `u${i}`, payment: `own${i}` }));
  assert.notEqual(scoreCluster(own, () => 1, 1000).verdict, 'distillation');
  const few = Array.from({ length: 6 }, (_, i) => agent(i, { id: `s${i}`, payment: `card${i % 2}` }));
  assert.notEqual(scoreCluster(few, () => 1, 1000).verdict, 'distillation');
});

test('one organisation typed into every account softens a fleet’s score but never erases its evidence', () => {
  const plain = scoreCluster(Array.from({ length: 12 }, (_, i) => agent(i, { id: `o${i}`, payment: `card${i % 3}` })), () => 1, 1000);
  const org = scoreCluster(
    Array.from({ length: 12 }, (_, i) => agent(i, { id: `o${i}`, payment: `card${i % 3}`, org: 'acme' })),
    () => 1,
    1000,
  );
  assert.ok(Math.abs(org.score - plain.score * ORGANISATION_SOFTENING) < 1e-9, `${org.score} vs ${plain.score}`);
  assert.equal(org.verdict, 'distillation');
  assert.equal(org.harvesters.size, 12);
  assert.ok(org.evidence.some((e) => /one organisation .* score softened x0\.8/.test(e)));
});

/** An evaluation runner: benchmark items with the answer held to a form, at temperature 0. */
function runner(i: number, account: Account): MemberContext {
  const s = newAccountSummary(i, account.id, 0);
  for (let k = 0; k < 60; k++) {
    const signals = syntheticSignals({ capability: 'math_reasoning', answerFormat: true, temperature: 0 });
    recordExchange(s, k * 3_600_000, 'm', signals, `item${k % 20}`, null, k % 20);
  }
  return { sum: s, account, own: { score: 0.1, verdict: 'benign' }, strongestLink: 1, tieBeyondCard: 1 };
}

test("a lab's evaluation runners on the lab's card are not part of a fleet they share a cluster with (by behaviour)", () => {
  const fleet = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }));
  // Verified only as a startup, no org field: nothing typed protects them, their traffic does.
  const runners = Array.from({ length: 4 }, (_, i) => runner(20 + i, { id: `e${i}`, payment: 'lab-card', verification: 'startup' }));
  const s = scoreCluster([...fleet, ...runners], () => 1, 1000);
  assert.equal(s.verdict, 'distillation');
  for (const m of runners) assert.ok(!s.harvesters.has(m.sum.idx), `${m.sum.id} is covered`);
  assert.equal(s.harvesters.size, 12);
  // Alone, whatever their shared card and templates say about the group, none of them is covered.
  assert.equal(scoreCluster(runners, () => 1, 1000).harvesters.size, 0);
});

/** A runner of a lab whose harness marks only some of its items (`marked` of every 10): alone, not yet evaluation-like. */
function partlyMarkedRunner(i: number, marked: number, account: Account, tie = 1): MemberContext {
  const s = newAccountSummary(i, account.id, 0);
  for (let k = 0; k < 60; k++) {
    const mark = k % 10 < marked;
    const signals = syntheticSignals({ capability: k % 2 ? 'coding' : 'math_reasoning', answerFormat: mark, temperature: mark ? 0 : 0.7 });
    recordExchange(s, k * 3_600_000, 'm', signals, `item${i}_${k % 20}`, null, i * 1000 + (k % 20));
  }
  return { sum: s, account, own: { score: 0.1, verdict: 'benign' }, strongestLink: 1, tieBeyondCard: tie };
}

test("a lab's runners on its cards that carry evaluation's marks together are not a focused fleet, even when some alone do not", () => {
  // Half the runners mark 6 of 10 items (evaluation-like alone), half 2 of 10 (not): together 40% formatted, deterministic.
  const lab = Array.from({ length: 12 }, (_, i) => partlyMarkedRunner(i, i % 2 ? 6 : 2, { id: `r${i}`, payment: `lab${i % 3}` }));
  const s = scoreCluster(lab, () => 1, 1000);
  assert.notEqual(s.verdict, 'distillation');
  // The same billing and focus without those marks is a fleet (the agentic fleet above), and harvest asks still count.
  const unmarked = Array.from({ length: 12 }, (_, i) => partlyMarkedRunner(i, 0, { id: `u${i}`, payment: `card${i % 3}` }));
  assert.equal(scoreCluster(unmarked, () => 1, 1000).verdict, 'distillation');
});

test('a fleet on cards alone is not a harvest: it needs harvest-type requests or ties across its cards beyond billing', () => {
  // The agentic fleet above with nothing but its cards to tie it: focus on a harvested capability is no harvest-type request.
  const cardsOnly = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }, 0));
  const s = scoreCluster(cardsOnly, () => 1, 1000);
  assert.notEqual(s.verdict, 'distillation');
  assert.equal(s.fleet.size, 0);
  // Ties across the cards (addresses, fingerprints, registration), one account on each card, make it a fleet again...
  const tied = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }, i < 3 ? 1.2 : 0));
  assert.equal(scoreCluster(tied, () => 1, 1000).verdict, 'distillation');
  // ...and so do harvest-type requests on every card, without any tie beyond billing.
  const harvesting = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }, 0, 5));
  const h = scoreCluster(harvesting, () => 1, 1000);
  assert.equal(h.verdict, 'distillation');
  assert.equal(h.fleet.size, 12);
});

test("a lab's young runners on their own cards, in a fleet's cluster, are not covered as fleet accounts by billing alone", () => {
  const fleet = Array.from({ length: 12 }, (_, i) => agent(i, { id: `f${i}`, payment: `card${i % 3}` }));
  // Coding and maths with no marks of evaluation yet and no harvest asks, two runners on each of two lab cards.
  const runners = (tie: number) => Array.from({ length: 4 }, (_, i) => partlyMarkedRunner(20 + i, 0, { id: `r${i}`, payment: `lab${i % 2}` }, tie));
  const s = scoreCluster([...fleet, ...runners(0)], () => 1, 1000);
  assert.equal(s.verdict, 'distillation');
  for (let i = 20; i < 24; i++) assert.ok(!s.fleet.has(i) && !s.harvesters.has(i), `runner ${i} is covered`);
  assert.ok(s.evidence.some((e) => /fleet: 12 accounts .*; 2 other shared payment method\(s\) set aside/.test(e)));
  // The same accounts tied to the fleet's accounts beyond billing are its accounts.
  const tied = scoreCluster([...fleet, ...runners(1.2)], () => 1, 1000);
  for (let i = 20; i < 24; i++) assert.ok(tied.fleet.has(i), `runner ${i} is not in the fleet`);
});

test('members held for review on their own, harvesting and tied by control, are carried together; cluster evidence only adds', () => {
  // A reseller's rotating accounts without shared cards or fingerprints: each harvests a little on varied prompts, its
  // own score holds it at suspicious, and a crowded address ties them loosely (link 0.5).
  const rotating = (n: number, own: 'benign' | 'suspicious') =>
    Array.from({ length: n }, (_, i) => {
      const m = member(i, 3, (k) => `own${i}_${k}`, { id: `r${i}` }, 0.5);
      return { ...m, own: { score: own === 'suspicious' ? 0.75 : 0.3, verdict: own } };
    });
  const held = scoreCluster(rotating(12, 'suspicious'), () => 1, 1000);
  assert.equal(held.verdict, 'distillation');
  assert.ok(held.evidence.some((e) => /12 held for review on their own while harvesting themselves/.test(e)));
  // The same group whose members show nothing on their own is not condemned by the term.
  assert.notEqual(scoreCluster(rotating(12, 'benign'), () => 1, 1000).verdict, 'distillation');
  // Two such members are one pair's habit, not a group's.
  assert.notEqual(scoreCluster(rotating(2, 'suspicious'), () => 1, 1000).verdict, 'distillation');
});

/** A runner at machine pace (240 exchanges, one every 6 minutes), coding and maths; `marked` of every 10 held to a form. */
function pacedRunner(i: number, marked: number, account: Account, cotEvery = 0): MemberContext {
  const s = newAccountSummary(i, account.id, 0);
  for (let k = 0; k < 240; k++) {
    const mark = k % 10 < marked;
    const cot = cotEvery > 0 && k % cotEvery === 0 ? 0.9 : 0;
    const signals = syntheticSignals({ capability: k % 2 ? 'coding' : 'math_reasoning', answerFormat: mark, temperature: mark ? 0 : 0.7, cot });
    recordExchange(s, k * 360_000, 'm', signals, `item${i}_${k % 40}`, null, i * 1000 + (k % 40));
  }
  return { sum: s, account, own: { score: 0.1, verdict: 'benign' }, strongestLink: 1, tieBeyondCard: 1 };
}

test("runners on a lab's cards that also pay for an evaluation-like runner are neither a fleet nor volume automation", () => {
  // Per card one runner whose harness marks items (evaluation-like alone) and three that do not, tied across cards
  // (started together, replaced by the next): together 15% formatted, short of the lab-wide test.
  const lab = Array.from({ length: 12 }, (_, i) => pacedRunner(i, i % 4 === 0 ? 6 : 0, { id: `r${i}`, payment: `lab${i % 3}` }));
  const s = scoreCluster(lab, () => 1, 1000);
  assert.notEqual(s.verdict, 'distillation');
  assert.equal(s.fleet.size, 0);
  // The same accounts without the marked runners are a paced fleet on shared cards: billing, ties and focus.
  const unmarked = lab.filter((_, i) => i % 4 !== 0);
  assert.equal(scoreCluster(unmarked, () => 1, 1000).verdict, 'distillation');
  // And harvest asks of their own put the unmarked runners back in the harvest, marked card-mates or not.
  const asking = Array.from({ length: 12 }, (_, i) => pacedRunner(i, i % 4 === 0 ? 6 : 0, { id: `r${i}`, payment: `lab${i % 3}` }, i % 4 === 0 ? 0 : 5));
  const h = scoreCluster(asking, () => 1, 1000);
  assert.equal(h.verdict, 'distillation');
  for (let i = 0; i < 12; i++) if (i % 4 !== 0) assert.ok(h.harvesters.has(i), `runner ${i} is not covered`);
});

test('a verified researcher on no shared card is held as an accountable person, unless it sweeps agent tasks while its own score holds it for review', () => {
  const summary = (caps: ('agentic' | 'computer_use' | 'vision' | 'math_reasoning')[]) => {
    const s = newAccountSummary(0, 'r', 0);
    for (let i = 0; i < 60; i++) recordExchange(s, i * 60_000, 'm', syntheticSignals({ capability: caps[i % caps.length]! }), `t${i}`, null, i);
    return s;
  };
  const account: Account = { id: 'r', verification: 'research' };
  const sweep = summary(['agentic', 'computer_use', 'vision']);
  const narrow = summary(['math_reasoning']);
  const none = new Set<string>();
  assert.equal(accountableMember({ account, own: { score: 0.6, verdict: 'benign' }, sum: sweep }, none), true, 'the sweep alone does not lift the hold');
  assert.equal(accountableMember({ account, own: { score: 0.79, verdict: 'suspicious' }, sum: narrow }, none), true, 'its own review alone does not either');
  assert.equal(accountableMember({ account, own: { score: 0.79, verdict: 'suspicious' }, sum: sweep }, none), false);
  assert.equal(accountableMember({ account: { id: 'r', verification: 'email' }, own: undefined, sum: narrow }, none), false);
});

test('machine pace: round the clock, not a person whose stray late nights fill every hour over weeks', () => {
  const HOUR = 3_600_000;
  const paced = (perHour: (hour: number) => number, days: number) => {
    const s = newAccountSummary(0, 'a', 0);
    for (let h = 0; h < 24; h++) s.hours[h] = perHour(h);
    s.exchanges = s.hours.reduce((a, b) => a + b, 0);
    s.lastSeen = days * 24 * HOUR;
    return machinePaced(s);
  };
  // 45 days of a heavy chat user: busy by day, a few exchanges in each night hour over the weeks (75 a day).
  assert.equal(paced((h) => (h >= 6 && h < 18 ? 250 : h >= 18 ? 60 : 4), 45), false);
  // A worker running round the clock with a slower night.
  assert.equal(paced((h) => (h >= 6 && h < 18 ? 40 : 25), 45), true);
  // 150 or more a day is machine pace at any hours.
  assert.equal(paced((h) => (h >= 8 && h < 18 ? 700 : 0), 45), true);
});
