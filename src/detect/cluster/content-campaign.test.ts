import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Account } from '../../exchange/account.js';
import type { Capability } from '../../signals/types.js';
import type { Verdict } from '../report.js';
import { HydraClusterer } from './index.js';
import { syntheticObservation, type SyntheticExchange } from './synthetic.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function lcg(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
}

interface Group {
  prefix: string;
  n: number;
  /** sign-up time, null: the accounts file has none */
  created: (i: number, rand: () => number) => number | null;
  /** when the account is active: [first, last] (default: the log's 3 days) */
  active?: (i: number, rand: () => number) => [number, number];
  emailDomain: (i: number) => string;
  org?: string;
  verification?: Account['verification'];
  system: string | null;
  capability: (rand: () => number) => Capability;
  perAccount: number;
  /** the tools every request declares */
  tools?: unknown[];
}

/**
 * Every account has its own card and its own addresses: nothing but content and timing can tie them. The background
 * customers send their few requests over `backgroundDays` (the log's length).
 */
function world(groups: Group[], backgroundCreated: (i: number) => number = (i) => T0 - 365 * DAY + i * 1.2 * DAY, backgroundDays = 3) {
  const background = 300;
  const rand = lcg(4242);
  const accounts = new Map<string, Account>();
  const ex: SyntheticExchange[] = [];
  // The rest of the provider's customers, signing up over a year, so the chance rate of sign-ups is known.
  for (let i = 0; i < background; i++) {
    const id = `bg_${i}`;
    accounts.set(id, { id, created: new Date(backgroundCreated(i)).toISOString(), payment: `pm_${id}` });
    for (let k = 0; k < 4; k++) {
      ex.push({ account: id, t: T0 + Math.floor(rand() * backgroundDays * DAY), ip: `10.${i % 250}.${k}.1`, templateId: `tbg${i}_${k}`, capability: 'chat' });
    }
  }
  for (const g of groups) {
    for (let i = 0; i < g.n; i++) {
      const id = `${g.prefix}_${i}`;
      const created = g.created(i, rand);
      const [from, to] = g.active?.(i, rand) ?? [T0, T0 + 3 * DAY];
      accounts.set(id, {
        id,
        ...(created !== null ? { created: new Date(created).toISOString() } : {}),
        email_domain: g.emailDomain(i),
        payment: `pm_${id}`,
        country: 'US',
        ...(g.org !== undefined ? { org: g.org } : {}),
        ...(g.verification !== undefined ? { verification: g.verification } : {}),
      });
      for (let k = 0; k < g.perAccount; k++) {
        ex.push({
          account: id,
          t: k === 0 ? from : from + Math.floor(rand() * (to - from)),
          // A new residential address per request.
          ip: `${20 + (i % 200)}.${k % 250}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
          templateId: `t${id}_${k}`,
          systemTemplateId: g.system,
          capability: g.capability(rand),
          ...(g.tools !== undefined ? { tools: g.tools } : {}),
        });
      }
    }
  }
  ex.sort((a, b) => a.t - b.t);
  const clusterer = new HydraClusterer({ accounts, releases: [] });
  const scores = new Map<string, { score: number; verdict: Verdict; exchanges: number }>();
  for (const e of ex) {
    clusterer.observe(syntheticObservation(e));
    scores.set(e.account, { score: 0.1, verdict: 'benign', exchanges: (scores.get(e.account)?.exchanges ?? 0) + 1 });
  }
  const end = ex.at(-1)?.t ?? T0;
  clusterer.refresh(end - 30 * MIN, scores);
  return { ...clusterer.refresh(end, scores, { final: true }), clusterer, accounts, end };
}

const verdicts = (r: ReturnType<typeof world>, prefix: string) =>
  [...r.accountCluster].filter(([id]) => id.startsWith(`${prefix}_`)).map(([, v]) => v.verdict);
const count = (vs: string[], v: string) => vs.filter((x) => x === v).length;
const agentic = (rand: () => number): Capability => (rand() < 0.6 ? 'agentic' : rand() < 0.8 ? 'coding' : 'chat');

/** 40 harvest accounts signed up in two batches of 20 within two hours each, weeks before they start. */
const campaign: Group = {
  prefix: 'cc',
  n: 40,
  created: (i, rand) => T0 - (i < 20 ? 30 : 12) * DAY + rand() * 2 * HOUR,
  emailDomain: (i) => `mail${i % 13}.example`,
  verification: 'research',
  system: 'spAtlas',
  capability: agentic,
  perAccount: 25,
};

/** 150 users of a popular open-source coding agent: one system prompt, sign-ups spread over six months. */
const openSourceAgent: Group = {
  prefix: 'oss',
  n: 150,
  created: (i) => T0 - 180 * DAY + i * 1.2 * DAY,
  emailDomain: (i) => `home${i}.example`,
  system: 'spOpenAgent',
  capability: agentic,
  perAccount: 25,
};

test('an agentic campaign that shares no infrastructure is found by its setup, its sign-up waves and its harvest', () => {
  const r = world([campaign, openSourceAgent]);
  const cc = verdicts(r, 'cc');
  assert.equal(count(cc, 'distillation'), 40, `campaign verdicts: ${cc.join(',')}`);
  const cluster = r.clusters.find((c) => c.accounts.includes('cc_0'));
  assert.ok(cluster?.evidence.some((e) => /coordinated content: of the 40 accounts working with system prompt spAtlas, 40 signed up in 2 wave\(s\)/.test(e)), cluster?.evidence.join('\n'));
  const reason = r.accountCluster.get('cc_3')?.reasons.find((x) => x.signal === 'coordinated_content');
  assert.match(reason?.detail ?? '', /on system prompt spAtlas that signed up in 2 wave\(s\), \d+% of their traffic harvest-type/);
});

test('users of a popular open-source agent (one system prompt, organic sign-ups) stay benign', () => {
  const r = world([openSourceAgent]);
  const oss = verdicts(r, 'oss');
  assert.equal(count(oss, 'distillation') + count(oss, 'suspicious'), 0);
  // ...even with a campaign of the same size next to them, on its own setup.
  const mixed = verdicts(world([campaign, openSourceAgent]), 'oss');
  assert.equal(count(mixed, 'distillation') + count(mixed, 'suspicious'), 0);
});

test('a campaign hiding among the users of a popular agent prompt is not found on content (the setup is not its own)', () => {
  const r = world([{ ...campaign, system: 'spOpenAgent', n: 20 }, openSourceAgent]);
  assert.equal(count(verdicts(r, 'cc'), 'distillation'), 0);
  assert.equal(count(verdicts(r, 'oss'), 'distillation'), 0);
});

test('sign-up waves must stand out from the population: a batch no denser than everyone else’s sign-ups is no wave', () => {
  // A promotion day: the rest of the provider's customers sign up in the same two hours as each batch.
  const r = world([campaign], (i) => T0 - (i % 2 ? 30 : 12) * DAY + (i / 300) * 2 * HOUR);
  assert.equal(count(verdicts(r, 'cc'), 'distillation'), 0);
});

test('a company onboarding its staff onto an internal tool (one email domain and org) is held for review, never banned', () => {
  const staff: Group = {
    prefix: 'staff',
    n: 30,
    created: (_i, rand) => T0 - 20 * DAY + rand() * 3 * HOUR,
    emailDomain: () => 'acme.example',
    org: 'acme',
    system: 'spAcmeInternal',
    capability: agentic,
    perAccount: 25,
  };
  const vs = verdicts(world([staff, openSourceAgent]), 'staff');
  assert.equal(count(vs, 'distillation'), 0, vs.join(','));
});

test('a group that signed up together but whose traffic is not harvest-type stays benign', () => {
  const r = world([{ ...campaign, capability: () => 'chat' }]);
  const cc = verdicts(r, 'cc');
  assert.equal(count(cc, 'distillation') + count(cc, 'suspicious'), 0);
});

test('replacement accounts signed up one by one on the campaign’s setup join it (they are in no wave)', () => {
  const replacements: Group = {
    ...campaign,
    prefix: 'rep',
    n: 5,
    // Each signed up just before the log starts, alone, and starts at once.
    created: (i) => T0 - (i + 1) * 3 * HOUR,
  };
  const r = world([campaign, replacements, openSourceAgent]);
  assert.equal(count(verdicts(r, 'rep'), 'distillation'), 5, verdicts(r, 'rep').join(','));
  // Late sign-ups on the open-source agent's prompt are just new users.
  const late: Group = { ...openSourceAgent, prefix: 'late', n: 5, created: (i) => T0 - (i + 1) * 3 * HOUR };
  assert.equal(count(verdicts(world([campaign, openSourceAgent, late]), 'late'), 'distillation'), 0);
});

test('a fresh account on a confirmed campaign’s own setup is flagged at its first exchange', () => {
  const r = world([campaign, openSourceAgent]);
  const first = (id: string, created: number, system: string) => {
    r.accounts.set(id, { id, created: new Date(created).toISOString(), payment: `pm_${id}`, email_domain: 'new.example' });
    return r.clusterer.observe(
      syntheticObservation({ account: id, t: r.end + HOUR, ip: '77.1.2.3', templateId: `t${id}`, systemTemplateId: system, capability: 'agentic' }),
    );
  };
  const replacement = first('fresh_0', r.end + 50 * MIN, 'spAtlas');
  assert.equal(replacement?.verdict, 'distillation');
  assert.match(replacement?.reasons[0]?.detail ?? '', /the own setup of c_\d+ \(\d+ accounts signed up in waves/);
  // A new user of the open-source agent, and an old account that only now tries the campaign's prompt, are not.
  assert.equal(first('fresh_1', r.end + 50 * MIN, 'spOpenAgent'), null);
  assert.equal(first('fresh_2', T0 - 90 * DAY, 'spAtlas'), null);
  // An account of the campaign's second sign-up wave that only now starts work is one of its accounts too; a user of
  // the open-source agent who signed up in the same hours is not.
  const waveAccount = first('fresh_3', T0 - 12 * DAY + 30 * MIN, 'spAtlas');
  assert.equal(waveAccount?.verdict, 'distillation');
  assert.match(waveAccount?.reasons[0]?.detail ?? '', /signed up in its sign-up wave of .* one of its wave accounts put to work, flagged at exchange 1/);
  assert.equal(first('fresh_4', T0 - 12 * DAY + 30 * MIN, 'spOpenAgent'), null);
});

const tool = (name: string, params: string[], description: string) => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties: Object.fromEntries(params.map((p) => [p, { type: 'string' }])), required: params } },
});
/** The open-source agent's published tools. */
const AGENT_TOOLS = [tool('read_file', ['path'], 'Read a file.'), tool('edit_file', ['path', 'patch'], 'Apply a patch.')];
/** An operator's harvest tools: the agent's, reworded, plus one of its own that saves each trajectory. */
const OPERATOR_TOOLS = [
  tool('read_file', ['path'], 'Returns the text of a file.'),
  tool('edit_file', ['path', 'patch'], 'Edits a file with a unified diff.'),
  tool('save_trajectory', ['task_id', 'transcript'], 'Store the run.'),
];

test('a campaign on a popular agent’s system prompt with tools of its own is found by that agent setup', () => {
  const oss = { ...openSourceAgent, tools: AGENT_TOOLS };
  const r = world([{ ...campaign, system: 'spOpenAgent', tools: OPERATOR_TOOLS }, oss]);
  const cc = verdicts(r, 'cc');
  assert.equal(count(cc, 'distillation'), 40, `campaign verdicts: ${cc.join(',')}`);
  const cluster = r.clusters.find((c) => c.accounts.includes('cc_0'));
  assert.ok(
    cluster?.evidence.some((e) => /coordinated content: of the 40 accounts working with system prompt spOpenAgent with tool schema tools-[0-9a-f]{16}, 40 signed up/.test(e)),
    cluster?.evidence.join('\n'),
  );
  const ossVerdicts = verdicts(r, 'oss');
  assert.equal(count(ossVerdicts, 'distillation') + count(ossVerdicts, 'suspicious'), 0);
  // With the agent's own tools the campaign's setup is the agent's: hidden among its users, as without tools.
  const hidden = world([{ ...campaign, system: 'spOpenAgent', tools: AGENT_TOOLS, n: 20 }, oss]);
  assert.equal(count(verdicts(hidden, 'cc'), 'distillation'), 0);
});

test('users of a popular agent that sends its tools without a system prompt stay benign; a waved harvest on its own tools does not', () => {
  const ossTools = { ...openSourceAgent, system: null, tools: AGENT_TOOLS };
  const r = world([ossTools]);
  const oss = verdicts(r, 'oss');
  assert.equal(count(oss, 'distillation') + count(oss, 'suspicious'), 0);
  const withCampaign = world([{ ...campaign, system: null, tools: OPERATOR_TOOLS }, ossTools]);
  assert.equal(count(verdicts(withCampaign, 'cc'), 'distillation'), 40);
  const mixed = verdicts(withCampaign, 'oss');
  assert.equal(count(mixed, 'distillation') + count(mixed, 'suspicious'), 0);
});

test('activity that starts together is coordination in time where sign-up dates are missing; organic starts are not', () => {
  // No sign-up dates at all; the campaign's 40 accounts send their first requests in the same two hours of day 2.
  const started: Group = {
    ...campaign,
    created: () => null,
    active: (_i, rand) => [T0 + 2 * DAY + Math.floor(rand() * 2 * HOUR), T0 + 3 * DAY],
  };
  // The open-source agent's users without sign-up dates either, starting on their own over the three days.
  const organic: Group = { ...openSourceAgent, created: () => null, active: (i) => [T0 + Math.floor((i / 150) * 3 * DAY), T0 + 3 * DAY] };
  const r = world([started, organic]);
  const cc = verdicts(r, 'cc');
  assert.equal(count(cc, 'distillation'), 40, `campaign verdicts: ${cc.join(',')}`);
  const cluster = r.clusters.find((c) => c.accounts.includes('cc_0'));
  assert.ok(
    cluster?.evidence.some((e) => /of the 40 accounts working with system prompt spAtlas, 40 sent their first requests in 1 wave\(s\)/.test(e)),
    cluster?.evidence.join('\n'),
  );
  assert.match(r.accountCluster.get('cc_1')?.reasons.find((x) => x.signal === 'coordinated_content')?.detail ?? '', /started in 1 wave\(s\) of first requests/);
  const oss = verdicts(r, 'oss');
  assert.equal(count(oss, 'distillation') + count(oss, 'suspicious'), 0);
  // Starting with everyone else (the first hours of the log, when every account sends its first request) is no wave.
  const withEveryone = world([{ ...started, active: (_i, rand) => [T0 + Math.floor(rand() * 2 * HOUR), T0 + 3 * DAY] }, organic]);
  assert.equal(count(verdicts(withEveryone, 'cc'), 'distillation'), 0);
  // Starting together on chat is no campaign.
  assert.equal(count(verdicts(world([{ ...started, capability: () => 'chat' }, organic]), 'cc'), 'distillation'), 0);
});

test('busy accounts already at work when the log begins are no wave: the log’s first minutes are not a start together', () => {
  // An app backend's accounts on its own system prompt, signed up on their own dates over the past year, sending math
  // around the clock since before a two-week log begins: each sends its first request of the log within minutes of its
  // start, while the provider's occasional customers show up over days.
  const backends: Group = {
    prefix: 'app',
    n: 12,
    created: (i) => T0 - 330 * DAY + i * 25 * DAY,
    active: (_i, rand) => [T0 + Math.floor(rand() * 10 * MIN), T0 + 14 * DAY],
    emailDomain: (i) => `shop${i}.example`,
    system: 'spTutorBackend',
    capability: () => 'math_reasoning',
    perAccount: 300,
  };
  const r = world([backends], undefined, 14);
  console.log("DBG", JSON.stringify(r.clusters.filter((c) => c.accounts.some((a) => a.startsWith("app_"))).map((c) => [c.verdict, c.score, c.accounts.length, c.evidence])));
  const app = verdicts(r, 'app');
  assert.equal(count(app, 'distillation'), 0, `app verdicts: ${app.join(',')}`);
  // The same accounts starting together on day 3, where the log shows their start, are a wave, sign-up dates or not.
  const onDay3 = (_i: number, rand: () => number): [number, number] => [T0 + 3 * DAY + Math.floor(rand() * 2 * HOUR), T0 + 14 * DAY];
  for (const created of [backends.created, () => null]) {
    const later = world([{ ...backends, created, active: onDay3 }], undefined, 14);
    assert.equal(count(verdicts(later, 'app'), 'distillation'), 12, verdicts(later, 'app').join(','));
    const cluster = later.clusters.find((c) => c.accounts.includes('app_0'));
    assert.ok(cluster?.evidence.some((e) => /12 sent their first requests in 1 wave\(s\)/.test(e)), cluster?.evidence.join('\n'));
  }
});
