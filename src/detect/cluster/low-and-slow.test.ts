import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { findLowAndSlow, LOW_SLOW_MIN_ACCOUNTS, templateFamilies } from './low-and-slow.js';
import { newAccountSummary } from './account-summary.js';
import { syntheticObservation, type SyntheticExchange } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * 40 campaign accounts registered in a burst, 6 reasoning requests each over two days on one template; and 40
 * unrelated students who happen to use one popular step-by-step homework template just as sparingly.
 */
function run(campaignLinked: boolean) {
  const accounts = new Map<string, Account>();
  const ex: SyntheticExchange[] = [];
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let i = 0; i < 40; i++) {
    accounts.set(`ls_${i}`, {
      id: `ls_${i}`,
      payment: `pm_ls${i}`,
      created: new Date((campaignLinked ? T0 - HOUR : T0 - 400 * HOUR) + i * (campaignLinked ? 20_000 : 7 * HOUR)).toISOString(),
      email_domain: campaignLinked ? 'fastmail.example' : `d${i}.example`,
      country: 'SG',
    });
    accounts.set(`st_${i}`, {
      id: `st_${i}`,
      payment: `pm_st${i}`,
      created: new Date(T0 - (20 + i) * 24 * HOUR).toISOString(),
      email_domain: 'gmail.com',
      country: 'US',
    });
    for (let k = 0; k < 6; k++) {
      ex.push({ account: `ls_${i}`, t: T0 + Math.floor(rand() * 3 * 24 * HOUR), ip: `45.${i}.${k}.9`, templateId: 'tLS', cot: 0.9, capability: 'math_reasoning' });
      ex.push({ account: `st_${i}`, t: T0 + Math.floor(rand() * 3 * 24 * HOUR), ip: `88.${i}.${k}.3`, templateId: 'tHW', cot: 0.9, capability: 'math_reasoning' });
    }
  }
  ex.sort((a, b) => a.t - b.t);
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  for (const e of ex) {
    clusterer.observe(syntheticObservation(e));
    scores.set(e.account, { score: 0.2, verdict: 'benign', exchanges: (scores.get(e.account)?.exchanges ?? 0) + 1 });
  }
  // Two refreshes, as the engine runs them (the last is the final one of the scan, never skipped): a cluster verdict
  // is carried once it holds twice.
  clusterer.refresh((ex.at(-1)?.t ?? T0) - 30 * MIN, scores);
  return clusterer.refresh(ex.at(-1)?.t ?? T0, scores, { final: true });
}

test('many accounts with few exchanges each on one template, registered together, are one flagged group', () => {
  const r = run(true);
  const alert = r.alerts.find((a) => a.kind === 'low_and_slow');
  assert.ok(alert, JSON.stringify(r.alerts));
  assert.match(alert.detail, /40 accounts, median 6 exchanges/);
  const clusters = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const v = r.accountCluster.get(`ls_${i}`);
    assert.equal(v?.verdict, 'distillation', `ls_${i}`);
    assert.ok(v?.reasons.some((x) => x.signal === 'low_and_slow'));
    clusters.add(v?.cluster ?? '');
  }
  assert.equal(clusters.size, 1);
  for (let i = 0; i < 40; i++) assert.notEqual(r.accountCluster.get(`st_${i}`)?.verdict, 'distillation', `st_${i}`);
});

test('the same sparse use of one template by unlinked accounts is not low-and-slow', () => {
  const r = run(false);
  assert.equal(r.alerts.filter((a) => a.kind === 'low_and_slow').length, 0, JSON.stringify(r.alerts));
  for (let i = 0; i < 40; i++) assert.notEqual(r.accountCluster.get(`ls_${i}`)?.verdict, 'distillation');
});

test('phrasings worked by the same accounts are one family; a template with other users is not in it', () => {
  const users = (from: number, to: number) => new Map(Array.from({ length: to - from }, (_, i) => [from + i, 0]));
  const t = (templateId: string, members: Map<number, number>) => ({ templateId, members, exchanges: 100, harvest: 90 });
  const families = templateFamilies([t('a', users(0, 30)), t('b', users(5, 35)), t('c', users(100, 130)), { ...t('d', users(0, 30)), harvest: 0 }]);
  assert.deepEqual(families.map((f) => f.map((x) => x.templateId).sort()).sort(), [['a', 'b'], ['c']]);
});

test('each family counts its users once across its phrasings, in the order first met, and families do not share them', () => {
  // Family A: phrasings a1 (accounts 0-19) and a2 (10-29), each account sending 4 exchanges on them; family B: b1 (100-119,
  // listed from the highest), all on it. Accounts 25-29 also send elsewhere, so are not focused on A.
  const summaries = new Map<number, ReturnType<typeof newAccountSummary>>();
  const summary = (idx: number, templates: [string, number][], exchanges: number) => {
    const s = newAccountSummary(idx, `acc_${idx}`, T0);
    for (const [t, n] of templates) s.templates.set(t, n);
    s.exchanges = exchanges;
    s.firstSeen = T0;
    s.lastSeen = T0 + 12 * HOUR;
    summaries.set(idx, s);
  };
  for (let i = 0; i < 30; i++) summary(i, i < 10 ? [['a1', 4]] : i < 20 ? [['a1', 2], ['a2', 2]] : [['a2', 4]], i >= 25 ? 40 : 4);
  for (let i = 100; i < 120; i++) summary(i, [['b1', 5]], 5);
  const members = (ids: number[]) => new Map(ids.map((i) => [i, T0]));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
  const templates = [
    { templateId: 'a1', members: members(range(0, 20)), exchanges: 60, harvest: 60 },
    { templateId: 'a2', members: members(range(10, 30)), exchanges: 60, harvest: 60 },
    { templateId: 'b1', members: members(range(100, 120).reverse()), exchanges: 100, harvest: 100 },
  ];
  const groups = findLowAndSlow(templates, (idx) => summaries.get(idx), () => false, () => true);
  assert.ok(LOW_SLOW_MIN_ACCOUNTS <= 20);
  assert.deepEqual(
    groups.map((g) => ({ lead: g.templateId, accounts: g.accounts, focusShare: g.focusShare })),
    [
      { lead: 'a1', accounts: range(0, 25), focusShare: 25 / 30 },
      { lead: 'b1', accounts: range(100, 120).reverse(), focusShare: 1 },
    ],
  );
});
