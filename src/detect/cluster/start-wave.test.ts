import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation, type SyntheticExchange } from './synthetic.js';
import { newAccountSummary, type AccountSummary } from './account-summary.js';
import { SignUpCalendar } from './content-campaign.js';
import { findStartWaves, RARE_TEMPLATE_ACCOUNTS, type StartWaveContext } from './start-wave.js';
import { UnionFind } from './union-find.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const LOG = Date.parse('2026-03-02T00:00:00Z');
const NOW = LOG + 3 * DAY;

interface Spec {
  id: string;
  first: number;
  exchanges: number;
  /** harvest asks (reasoning, grading...) */
  asks: number;
  /** harvest asks or harvested capabilities (coding, maths...) */
  harvestKind: number;
  templates: string[];
  account?: Partial<Account>;
}

function summary(idx: number, s: Spec): AccountSummary {
  const sum = newAccountSummary(idx, s.id, s.first);
  sum.lastSeen = NOW;
  sum.exchanges = s.exchanges;
  sum.harvest = s.asks;
  sum.harvestKind = s.harvestKind;
  sum.singleTurn = s.exchanges;
  for (let h = 0; h < 24; h++) sum.hours[h] = Math.floor(s.exchanges / 24);
  for (const t of s.templates) sum.templates.set(t, Math.max(1, Math.floor(s.exchanges / s.templates.length)));
  return sum;
}

/** 300 customers at work since before the log began (seen in its first hours), each on prompts of its own. */
function background(): Spec[] {
  return Array.from({ length: 300 }, (_, i) => ({
    id: `bg_${i}`,
    first: LOG + (i % 60) * MIN,
    exchanges: 40,
    asks: 1,
    harvestKind: 5,
    templates: [`bg${i}_a`, `bg${i}_b`],
    account: { created: '2025-01-01T00:00:00Z' },
  }));
}

/** A fleet of `n` accounts: its prompt list split so that each template is used by 3 neighbouring accounts. */
function fleet(n: number, first: (i: number) => number, traffic: { asks: number; harvestKind: number }, account: Partial<Account> = {}): Spec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `fl_${i}`,
    first: first(i),
    exchanges: 200,
    ...traffic,
    templates: [0, 1, 2].map((k) => `list_${(i + n - k) % n}`),
    account: { created: `2025-0${1 + (i % 9)}-15T00:00:00Z`, ...account },
  }));
}

function context(specs: Spec[], ties = new UnionFind(), crowd?: (t: string) => number): StartWaveContext {
  const summaries = specs.map((s, i) => summary(i, s));
  const accounts = specs.map((s) => ({ id: s.id, ...s.account }) as Account);
  const users = new Map<string, number>();
  for (const s of specs) for (const t of s.templates) users.set(t, (users.get(t) ?? 0) + 1);
  return {
    summaries,
    summary: (idx) => summaries[idx],
    account: (idx) => accounts[idx],
    trusted: () => false,
    templateAccounts: crowd ?? ((t) => users.get(t) ?? 0),
    starts: SignUpCalendar.ofTimes(summaries.map((s) => s.firstSeen)),
    logStart: LOG,
    now: NOW,
    release: null,
    ties,
  };
}

const HARVEST = { asks: 100, harvestKind: 150 };
const AT_ONCE = (i: number) => LOG + 1.5 * DAY + i * 5_000;

test('a fleet switched on together on one prompt list, harvesting, is one group with its evidence in words', () => {
  const found = findStartWaves(context([...background(), ...fleet(12, AT_ONCE, HARVEST)]));
  assert.equal(found.length, 1);
  const g = found[0]!;
  assert.equal(g.tie, 'start-wave');
  assert.equal(g.accounts.length, 12);
  assert.ok(g.score >= 0.5, `score ${g.score}`);
  assert.match(g.evidence, /^start wave: 12 accounts sent their first requests within minutes of each other \(2026-03-03 12:00 UTC\)/);
  assert.match(g.evidence, /50% harvest asks/);
  assert.equal(g.oneEmailDomain, false);
});

test('the same fleet starting on its own dates (organic starts) is no group', () => {
  const found = findStartWaves(context([...background(), ...fleet(12, (i) => LOG + 0.5 * DAY + i * 3 * HOUR, HARVEST)]));
  assert.deepEqual(found, []);
});

test('runners or students switched on together on shared prompts, doing coding and maths without harvest asks, are no group', () => {
  const found = findStartWaves(context([...background(), ...fleet(12, AT_ONCE, { asks: 4, harvestKind: 190 })]));
  assert.deepEqual(found, []);
});

test('accounts started together that share only a popular prompt are not tied by it', () => {
  const specs = [...background(), ...fleet(12, AT_ONCE, HARVEST)];
  const popular = (t: string) => (t.startsWith('list_') ? RARE_TEMPLATE_ACCOUNTS + 40 : 1);
  assert.deepEqual(findStartWaves(context(specs, new UnionFind(), popular)), []);
});

test('ties seen while the templates were rare are kept when the operator reuses its list and they grow crowded', () => {
  const specs = [...background(), ...fleet(12, AT_ONCE, HARVEST)];
  const ties = new UnionFind();
  assert.equal(findStartWaves(context(specs, ties)).length, 1);
  const crowded = () => 50;
  assert.equal(findStartWaves(context(specs, ties, crowded)).length, 1);
  assert.deepEqual(findStartWaves(context(specs, new UnionFind(), crowded)), []);
});

test('a customer who started in the same minutes and pasted one of the same prompts is not tied to the fleet', () => {
  const customer: Spec = {
    id: 'chat_1',
    first: AT_ONCE(5) + 1_000,
    exchanges: 200,
    asks: 40,
    harvestKind: 60,
    templates: ['list_3', 'own_a', 'own_b'],
    account: { created: '2025-06-01T00:00:00Z' },
  };
  const specs = [...background(), ...fleet(12, AT_ONCE, HARVEST), customer];
  const [g] = findStartWaves(context(specs));
  assert.equal(g?.accounts.length, 12);
  assert.ok(!g?.accounts.includes(specs.length - 1));
});

test('a class whose assignment prompts are rare only in their first minutes is not tied by them', () => {
  const specs = [...background(), ...fleet(12, AT_ONCE, HARVEST)];
  const ties = new UnionFind();
  // Ten minutes in, the first students to paste each question are the only ones using it: too early to judge.
  const early = { ...context(specs, ties), now: AT_ONCE(11) + 10 * MIN };
  assert.deepEqual(findStartWaves(early), []);
  // Two hours in, the whole class (and more) uses them: not rare, and nothing was kept from the first minutes.
  assert.deepEqual(findStartWaves({ ...context(specs, ties, () => 30), now: AT_ONCE(11) + 2 * HOUR }), []);
});

test('a wave account that does not harvest itself is not carried; a wave of mostly such accounts is no group', () => {
  const specs = [...background(), ...fleet(12, AT_ONCE, HARVEST)];
  const quiet = specs.at(-1)!;
  quiet.asks = 0;
  quiet.harvestKind = 0;
  const found = findStartWaves(context(specs));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.accounts.length, 11);
  assert.ok(!found[0]!.accounts.includes(specs.length - 1));
  const mostlyQuiet = [...background(), ...fleet(12, AT_ONCE, HARVEST).map((s, i) => (i < 5 ? s : { ...s, asks: 0, harvestKind: 0 }))];
  assert.deepEqual(findStartWaves(context(mostlyQuiet)), []);
});

test('a wave on one email domain (a class, a company team) is marked for review, and one org softens the score', () => {
  const [g] = findStartWaves(context([...background(), ...fleet(12, AT_ONCE, HARVEST, { email_domain: 'uni.example.edu' })]));
  assert.equal(g?.oneEmailDomain, true);
  assert.match(g?.evidence ?? '', /one email domain holds most of them/);
  const [plain] = findStartWaves(context([...background(), ...fleet(12, AT_ONCE, HARVEST)]));
  const [org] = findStartWaves(context([...background(), ...fleet(12, AT_ONCE, HARVEST, { org: 'acme' })]));
  assert.ok(org !== undefined && plain !== undefined && org.score < plain.score);
});

test('a wave of fewer than eight accounts is left to the other evidence', () => {
  assert.deepEqual(findStartWaves(context([...background(), ...fleet(7, AT_ONCE, HARVEST)])), []);
});

/**
 * Through the cluster layer: 300 customers on prompts of their own, and 16 fleet accounts with their own cards, a new
 * residential address per request and no system prompt, sharing only their prompt list (each template used by three of
 * them) and the minute they were switched on. Refreshed every 30 minutes of log time, as the engine does.
 */
function layer(fleetStart: (i: number) => number, asks: boolean): Map<string, { verdict: string; signals: string[] }> {
  const rand = (() => {
    let seed = 99;
    return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  })();
  const accounts = new Map<string, Account>();
  const ex: SyntheticExchange[] = [];
  for (let i = 0; i < 300; i++) {
    const id = `bg_${i}`;
    accounts.set(id, { id, created: '2025-01-01T00:00:00Z', payment: `pm_${id}` });
    for (let k = 0; k < 6; k++) ex.push({ account: id, t: LOG + Math.floor(rand() * 3 * DAY), ip: `10.${i % 250}.${k}.1`, templateId: `tbg${i}_${k}` });
  }
  const n = 16;
  for (let i = 0; i < n; i++) {
    const id = `fl_${i}`;
    accounts.set(id, { id, created: new Date(LOG - (30 + i * 9) * DAY).toISOString(), payment: `pm_${id}`, email_domain: `mail${i}.example` });
    const from = fleetStart(i);
    for (let k = 0; k < 60; k++) {
      const harvest = asks && k % 5 < 3;
      ex.push({
        account: id,
        t: k === 0 ? from : from + Math.floor(rand() * (LOG + 3 * DAY - from)),
        ip: `${20 + i}.${k}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
        templateId: `list_${(i + n - (k % 3)) % n}`,
        capability: harvest ? 'chat' : k % 2 ? 'math_reasoning' : 'coding',
        cot: harvest ? 0.9 : 0,
      });
    }
  }
  ex.sort((a, b) => a.t - b.t);
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  let next = LOG + 30 * MIN;
  for (const e of ex) {
    while (e.t >= next) {
      clusterer.refresh(next, scores);
      next += 30 * MIN;
    }
    clusterer.observe(syntheticObservation(e));
    scores.set(e.account, { score: 0.1, verdict: 'benign', exchanges: (scores.get(e.account)?.exchanges ?? 0) + 1 });
  }
  const r = clusterer.refresh(next, scores, { final: true });
  return new Map([...r.accountCluster].map(([id, v]) => [id, { verdict: v.verdict, signals: v.reasons.map((x) => x.signal) }]));
}

const fleetVerdicts = (r: ReturnType<typeof layer>) => [...r].filter(([id]) => id.startsWith('fl_')).map(([, v]) => v);

test('through the cluster layer, the fleet switched on together is flagged with the start wave as its reason', () => {
  const fl = fleetVerdicts(layer((i) => LOG + 1.5 * DAY + i * 3_000, true));
  assert.equal(fl.filter((v) => v.verdict === 'distillation').length, 16, JSON.stringify(fl));
  assert.ok(fl.every((v) => v.signals.includes('start_wave')));
});

test('through the cluster layer, the same fleet on its own start dates, or switched on together for coding and maths, is not flagged', () => {
  const organic = fleetVerdicts(layer((i) => LOG + 0.2 * DAY + i * 2 * HOUR, true));
  assert.equal(organic.filter((v) => v.verdict === 'distillation' || v.signals.includes('start_wave')).length, 0, JSON.stringify(organic));
  const runners = fleetVerdicts(layer((i) => LOG + 1.5 * DAY + i * 3_000, false));
  assert.equal(runners.filter((v) => v.verdict === 'distillation' || v.signals.includes('start_wave')).length, 0, JSON.stringify(runners));
});
