import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPABILITIES } from '../../signals/types.js';
import { newAccountSummary } from './account-summary.js';
import { clusterEvidence, type ScoredFacts } from './cluster-evidence.js';
import type { MemberContext, SubStreamTotals } from './cluster-score.js';

function member(idx: number, exchanges: number, harvest: number): MemberContext {
  const sum = newAccountSummary(idx, `a${idx}`, 0);
  sum.exchanges = exchanges;
  sum.harvest = harvest;
  return { sum, account: { id: `a${idx}` }, own: undefined, strongestLink: 1, tieBeyondCard: 0 };
}

function totals(over: Partial<SubStreamTotals>): SubStreamTotals {
  return {
    ex: 0, harvest: 0, cot: 0, grading: 0, rewrite: 0, trace: 0, owned: 0, harvestOwned: 0, machineEx: 0, repeats: 0,
    ownScoreEx: 0, ownDist: 0, trusted: 0, coord: 0, caps: new Uint32Array(CAPABILITIES.length), payments: new Set(),
    ...over,
  };
}

function facts(over: Partial<ScoredFacts>): ScoredFacts {
  return {
    members: [],
    harvesters: new Set(),
    totals: totals({}),
    accounts: 0,
    fleet: null,
    orgSoftening: null,
    concentration: 0,
    templ: 0,
    ownedTemplates: 0,
    focus: 0,
    focusIdx: 0,
    machine: 0,
    coordination: 0,
    ownMean: 0,
    corroborated: { term: 0, members: 0 },
    repeat: 0,
    paced: { accounts: 0, ex: 0, payments: new Map(), volumeAutomation: 0 },
    trust: 0,
    ...over,
  };
}

test('a cluster without a harvesting sub-stream says so, after its fleet and its organisation', () => {
  const members = [member(0, 30, 0), member(1, 10, 0)];
  assert.deepEqual(clusterEvidence(facts({ members, fleet: 'fleet: 12 accounts', orgSoftening: 0.8 })), [
    'fleet: 12 accounts',
    "one organisation (the accounts' own `org` field, which the customer types) holds most of these accounts: score softened x0.8",
    'no harvesting sub-stream: 2 linked accounts, 40 exchanges',
  ]);
});

test('a sub-stream is told with its traffic and ties, and members outside it with theirs', () => {
  const members = [member(0, 100, 80), member(1, 100, 60), member(2, 50, 5)];
  const lines = clusterEvidence(
    facts({
      members,
      harvesters: new Set([0, 1]),
      totals: totals({ ex: 200, harvest: 140, cot: 100, harvestOwned: 120, ownDist: 1, payments: new Set(['card']) }),
      accounts: 2,
      concentration: 120 / 140,
      coordination: 1,
      ownMean: 0.42,
      corroborated: { term: 0.6, members: 3 },
      repeat: 0.2,
      paced: { accounts: 2, ex: 200, payments: new Map(), volumeAutomation: 0 },
    }),
  );
  assert.equal(lines[0], 'harvesting sub-stream: 2 of 3 accounts, 200 of 250 exchanges; 70% harvest-type (reasoning 50%, grading 0%, censorship-safe rewrites 0%, reasoning reconstruction 0%)');
  assert.match(lines[1]!, /^120 harvest-type exchanges \(86% of its harvest\)/);
  assert.match(lines[2]!, /1 payment method\(s\) across 2 accounts; members' own mean score 0\.42, 1 flagged on their own, 3 held for review/);
  assert.equal(lines[3], '20% of prompts repeat items already asked (evaluation-like re-runs)');
  assert.equal(lines[4], '2 account(s) at machine pace (100% of the traffic)');
  assert.equal(lines[5], '1 other member(s) carry unrelated traffic (50 exchanges, 10% harvest-type) and are not covered by the verdict');
  assert.equal(lines.length, 6);
});
