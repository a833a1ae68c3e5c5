import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, type Tactics } from '../scenario.js';
import { simulate } from '../simulate.js';

const tmp = mkdtempSync(join(tmpdir(), 'hw-tactics-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Row { account: string; ts: string; ip: string; model: string; org?: string; request: { system?: string; messages?: { role: string; content: unknown }[]; tools?: unknown[] } }
interface AccountRow { id: string; payment?: string; org?: string; created: string }
const jsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);

function run(name: string, archetype: string, tactics?: Tactics) {
  const yaml = `name: ${name}\nstart: "2026-03-02T00:00:00Z"\ndays: 2\nreleases: [{ model: m-2, day: 1 }]\npopulations: { chat: { accounts: 3 } }\ncampaigns:\n  - { id: c, archetype: ${archetype}, accounts: 12, per_day: 40${tactics ? `, tactics: ${JSON.stringify(tactics)}` : ''} }\n`;
  const out = join(tmp, name);
  simulate(parseScenario(yaml, `${name}.yaml`), { out });
  const labels = new Map(jsonl<{ account: string; label: string }>(join(out, 'labels.jsonl')).map((l) => [l.account, l.label]));
  const campaign = new Set([...labels].filter(([, l]) => l === 'distillation').map(([a]) => a));
  return {
    rows: jsonl<Row>(join(out, 'exchanges.jsonl')).filter((r) => campaign.has(r.account)),
    accounts: jsonl<AccountRow>(join(out, 'accounts.jsonl')).filter((a) => campaign.has(a.id)),
    start: Date.parse('2026-03-02T00:00:00Z'),
  };
}

test('agentic-coding shares no infrastructure: own cards, residential exits, waves weeks before, one tool schema, a joint pivot', () => {
  const { rows, accounts, start } = run('coding', 'agentic-coding');
  assert.ok(rows.length > 300, `${rows.length} exchanges`);
  assert.equal(new Set(accounts.map((a) => a.payment)).size, accounts.length, 'one card per account');
  // The 12 slots' first accounts (replacements of banned ones are made on the day).
  const firsts = accounts.map((a) => Date.parse(a.created)).sort((x, y) => x - y).slice(0, 12);
  for (const c of firsts) assert.ok(start - c > 7 * 86_400_000, `registered weeks before: ${new Date(c).toISOString()}`);
  const ipsByAccount = new Map<string, Set<string>>();
  for (const r of rows) (ipsByAccount.get(r.account) ?? ipsByAccount.set(r.account, new Set()).get(r.account)!).add(r.ip);
  const shared = [...ipsByAccount.values()].flatMap((s) => [...s]);
  assert.ok(new Set(shared).size > 0.95 * shared.length, 'addresses are not shared between accounts');
  // One schema, shaped per API (OpenAI `function.name`, Anthropic `name`).
  const toolNames = (tools: unknown[]) => tools.map((t) => (t as { name?: string; function?: { name: string } }).name ?? (t as { function: { name: string } }).function.name).join(',');
  const schemas = new Set(rows.filter((r) => r.request.tools).map((r) => toolNames(r.request.tools!)));
  assert.equal(schemas.size, 1, `one tool schema: ${[...schemas].join(' | ')}`);
  const afterRelease = rows.filter((r) => Date.parse(r.ts) > start + 86_400_000 + 16 * 3_600_000);
  assert.ok(afterRelease.filter((r) => r.model === 'm-2').length > 0.5 * afterRelease.length, 'most late traffic on the new model');
});

test('tactics override the archetype: shared cards, one org, datacenter addresses, no tool schema, Chinese, no pivot', () => {
  const base = run('base', 'agentic-harvest');
  const t = run('tactics', 'agentic-harvest', { payment_sharing: 1, org: true, addresses: 'datacenter', tools: false, zh_share: 1, pivot: false, paraphrase: true });
  assert.ok(new Set(t.accounts.map((a) => a.payment)).size <= 2, 'all accounts on a fleet card or two');
  assert.equal(new Set(t.accounts.map((a) => a.org)).size, 1, 'one declared org');
  assert.ok(new Set(t.rows.map((r) => r.ip)).size < new Set(base.rows.map((r) => r.ip)).size / 3, 'a few datacenter hosts instead of proxies');
  assert.ok(t.rows.every((r) => r.request.tools === undefined), 'no tool schema sent');
  assert.ok(t.rows.every((r) => r.model !== 'm-2'), 'no move to the new model');
  const zh = t.rows.filter((r) => /[\u4e00-\u9fff]/.test(JSON.stringify(r.request.messages ?? [])));
  assert.ok(zh.length > 0.9 * t.rows.length, `${zh.length} of ${t.rows.length} in Chinese`);
  const systems = new Set(t.rows.map((r) => r.request.system ?? (r.request.messages?.[0]?.role === 'system' ? JSON.stringify(r.request.messages[0].content) : '')));
  const baseSystems = new Set(base.rows.map((r) => r.request.system ?? (r.request.messages?.[0]?.role === 'system' ? JSON.stringify(r.request.messages[0].content) : '')));
  assert.ok(systems.size > baseSystems.size, `paraphrase multiplies system prompts (${baseSystems.size} -> ${systems.size})`);
});
