/** End-to-end properties of the simulator on the smoke scenario: contract validity, ground truth, determinism, marginals. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { exchangeSchema } from '../exchange/exchange.js';
import { accountSchema, releaseSchema } from '../exchange/account.js';
import { normalizeExchange } from '../exchange/normalize.js';
import { COUNTRY_TZ, DAY, HOUR } from './clock.js';
import { labelSchema } from './eval/evaluate.js';
import { BENIGN_SEGMENTS, loadScenario } from './scenario.js';
import { simulate } from './simulate.js';

const tmp = mkdtempSync(join(tmpdir(), 'hw-sim-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Row {
  ts: number;
  account: string;
  model: string;
  raw: Record<string, unknown>;
}
let rows: Row[] = [];
let labels = new Map<string, { account: string; label: string; campaign: string | null; segment: string }>();
let accounts = new Map<string, Record<string, unknown>>();
let release = 0;
const lines = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

before(() => {
  simulate(loadScenario('smoke'), { out: join(tmp, 'a') });
  for (const l of lines(join(tmp, 'a', 'labels.jsonl'))) {
    const x = labelSchema.parse(JSON.parse(l));
    labels.set(x.account, x);
  }
  for (const l of lines(join(tmp, 'a', 'accounts.jsonl'))) {
    const x = accountSchema.parse(JSON.parse(l));
    accounts.set(x.id, x);
  }
  const rel = lines(join(tmp, 'a', 'releases.jsonl')).map((l) => releaseSchema.parse(JSON.parse(l)));
  release = Date.parse(rel.find((r) => r.model === 'm-2')!.released);
  rows = lines(join(tmp, 'a', 'exchanges.jsonl')).map((l) => {
    const raw = JSON.parse(l) as Record<string, unknown>;
    return { ts: Date.parse(raw.ts as string), account: raw.account as string, model: raw.model as string, raw };
  });
});

const seg = (r: Row) => labels.get(r.account)!;

test('every line passes exchangeSchema and normalises; the log is in time order with unique ids', () => {
  assert.ok(rows.length > 2000 && rows.length < 20000, `smoke has ${rows.length} exchanges`);
  const ids = new Set<string>();
  let last = 0;
  for (const r of rows) {
    const parsed = exchangeSchema.safeParse(r.raw);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues[0]));
    const n = normalizeExchange(parsed.data);
    assert.ok(n.turns.length > 0);
    assert.ok(!ids.has(parsed.data.id));
    ids.add(parsed.data.id);
    assert.ok(r.ts >= last);
    last = r.ts;
  }
});

test('accounts and labels agree one to one, and with the log; campaign set iff distillation', () => {
  assert.equal(accounts.size, labels.size);
  for (const id of labels.keys()) assert.ok(accounts.has(id));
  for (const r of rows) assert.ok(labels.has(r.account), `label for ${r.account}`);
  for (const l of labels.values()) assert.equal(l.campaign !== null, l.label === 'distillation');
  const segments = new Set(rows.filter((r) => seg(r).label === 'benign').map((r) => seg(r).segment));
  for (const s of BENIGN_SEGMENTS) assert.ok(segments.has(s), `benign segment ${s} present`);
  const arch = new Set(rows.filter((r) => seg(r).label === 'distillation').map((r) => seg(r).segment));
  // Every archetype smoke lists emits traffic (smoke-coding carries the rest: src/sim/campaigns/tactics.test.ts).
  for (const a of new Set(loadScenario('smoke').campaigns.map((c) => c.archetype))) assert.ok(arch.has(a), `archetype ${a} present`);
});

test('registration dates fit: no account sends before it was created', () => {
  for (const r of rows) assert.ok(r.ts >= Date.parse(accounts.get(r.account)!.created as string), `${r.account} active before creation`);
});

test('same scenario and seed give byte-identical files; another seed does not', () => {
  simulate(loadScenario('smoke'), { out: join(tmp, 'b') });
  simulate(loadScenario('smoke'), { out: join(tmp, 'c'), seed: 12345 });
  for (const f of ['exchanges.jsonl', 'accounts.jsonl', 'labels.jsonl', 'releases.jsonl']) assert.equal(sha(join(tmp, 'a', f)), sha(join(tmp, 'b', f)), f);
  assert.notEqual(sha(join(tmp, 'a', 'exchanges.jsonl')), sha(join(tmp, 'c', 'exchanges.jsonl')));
});

test('benign think time: chat users pause tens of seconds between requests of a session, rarely under 3 s', () => {
  const byAccount = new Map<string, number[]>();
  for (const r of rows) if (seg(r).segment === 'chat') (byAccount.get(r.account) ?? byAccount.set(r.account, []).get(r.account)!).push(r.ts);
  const gaps: number[] = [];
  for (const ts of byAccount.values()) for (let i = 1; i < ts.length; i++) if (ts[i]! - ts[i - 1]! < 30 * 60_000) gaps.push((ts[i]! - ts[i - 1]!) / 1000);
  gaps.sort((a, b) => a - b);
  assert.ok(gaps.length > 100);
  const median = gaps[gaps.length >> 1]!;
  assert.ok(median > 15 && median < 180, `median think time ${median}s`);
  assert.ok(gaps.filter((g) => g < 3).length / gaps.length < 0.05);
});

test('daily rhythm: people are mostly active in their daytime, little between 01:00 and 05:00 local', () => {
  let night = 0;
  let day = 0;
  let all = 0;
  for (const r of rows) {
    const l = seg(r);
    if (l.label !== 'benign' || !['chat', 'developer', 'enterprise', 'coding_agent'].includes(l.segment)) continue;
    const tz = COUNTRY_TZ[(accounts.get(r.account)!.country as string) ?? 'US'] ?? 0;
    const h = Math.floor((r.ts + tz * HOUR) / HOUR) % 24;
    all++;
    if (h >= 1 && h < 5) night++;
    if (h >= 8 && h < 23) day++;
  }
  assert.ok(night / all < 0.06, `night share ${night / all}`);
  assert.ok(day / all > 0.75, `day share ${day / all}`);
});

test('evaluation runners re-run on the new model within a day of its release', () => {
  const evalAccounts = new Set(rows.filter((r) => seg(r).segment === 'eval').map((r) => r.account));
  const reran = new Set(rows.filter((r) => seg(r).segment === 'eval' && r.model === 'm-2' && r.ts >= release && r.ts < release + DAY).map((r) => r.account));
  assert.ok(evalAccounts.size > 0);
  assert.ok(reran.size / evalAccounts.size >= 0.66, `${reran.size}/${evalAccounts.size} re-ran`);
  assert.ok(!rows.some((r) => r.model === 'm-2' && r.ts < release), 'nobody uses the model before its release');
});

test('the volume campaign moves about half its traffic to the new model within 24 h; benign adoption is gradual', () => {
  const vp = rows.filter((r) => seg(r).segment === 'volume-pivot' && r.ts >= release + DAY);
  const share = vp.filter((r) => r.model === 'm-2').length / vp.length;
  assert.ok(share > 0.35 && share < 0.65, `pivot share ${share}`);
  const chatAfter = rows.filter((r) => seg(r).segment === 'chat' && r.ts >= release);
  const chatShare = chatAfter.filter((r) => r.model === 'm-2').length / chatAfter.length;
  assert.ok(chatShare < 0.6, `chat adoption ${chatShare}`);
});

test('hard cases are present: shared enterprise payments, shared agent system prompts, replaced campaign accounts', () => {
  const ent = [...labels.values()].filter((l) => l.segment === 'enterprise').map((l) => accounts.get(l.account)!.payment);
  assert.ok(new Set(ent).size < ent.length / 2, 'enterprise accounts share payment methods');
  const systemAccounts = new Map<string, Set<string>>();
  for (const r of rows) {
    if (seg(r).segment !== 'coding_agent') continue;
    const sys = normalizeExchange(r.raw as never).system;
    (systemAccounts.get(sys) ?? systemAccounts.set(sys, new Set()).get(sys)!).add(r.account);
  }
  assert.ok(Math.max(...[...systemAccounts.values()].map((s) => s.size)) >= 2, 'one agent system prompt across accounts');
  const start = Date.parse(loadScenario('smoke').start);
  const late = [...labels.values()].filter((l) => l.label === 'distillation' && Date.parse(accounts.get(l.account)!.created as string) > start);
  assert.ok(late.length > 0, 'banned campaign accounts are replaced by fresh ones');
});
