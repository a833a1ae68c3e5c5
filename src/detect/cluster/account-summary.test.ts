import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeHours,
  AGENT_SETUPS_PER_ACCOUNT,
  agentSetupId,
  busyHours,
  harvestsRegularly,
  isHarvest,
  newAccountSummary,
  recordAgentSetup,
  recordExchange,
  setupExchanges,
  sweepsAgentTasks,
  TEMPLATES_PER_ACCOUNT,
  topTemplateShare,
} from './account-summary.js';
import { syntheticSignals } from './synthetic.js';

test('an account summary counts harvest, templates, hours and repeated items with bounded maps', () => {
  const s = newAccountSummary(0, 'a', 0);
  for (let i = 0; i < 100; i++) {
    const harvest = recordExchange(s, i * 3_600_000, 'm', syntheticSignals({ cot: i % 2 ? 0.9 : 0 }), `t${i % 40}`, null, i % 10);
    assert.equal(harvest, i % 2 === 1);
  }
  assert.equal(s.exchanges, 100);
  assert.equal(s.harvest, 50);
  assert.equal(s.templates.size, TEMPLATES_PER_ACCOUNT);
  assert.ok(s.otherTemplates > 0);
  assert.equal(s.repeats, 90);
  assert.equal(activeHours(s), 24);
  assert.ok(topTemplateShare(s) > 0 && topTemplateShare(s) < 0.1);
});

test('harvest-type means reasoning, grading, rewrites or dictated thinking', () => {
  assert.equal(isHarvest(syntheticSignals({})), false);
  assert.equal(isHarvest(syntheticSignals({ grading: 0.7 })), true);
  assert.equal(isHarvest(syntheticSignals({ rewrite: 0.6 })), true);
});

test('agent setups are kept up to their cap and a family counts an exchange once, on its template or its agent setup', () => {
  const sum = newAccountSummary(0, 'a', 0);
  const setup = agentSetupId('tpl-1', 'tools-00000000000000aa');
  assert.equal(setup, 'tpl-1+tools-00000000000000aa');
  assert.equal(agentSetupId(null, 'tools-00000000000000aa'), 'tools-00000000000000aa');
  // 6 exchanges on system prompt tpl-1, 4 of them with the tools; 2 with the tools and no system prompt.
  for (let i = 0; i < 6; i++) recordExchange(sum, i, 'm', syntheticSignals({}), `t${i}`, 'tpl-1', i);
  for (let i = 0; i < 4; i++) recordAgentSetup(sum, setup);
  for (let i = 0; i < 2; i++) recordAgentSetup(sum, 'tools-00000000000000aa');
  assert.equal(setupExchanges(sum, ['tpl-1', setup]), 6);
  assert.equal(setupExchanges(sum, ['tpl-1', setup, 'tools-00000000000000aa']), 8);
  assert.equal(setupExchanges(sum, [setup]), 4);
  assert.equal(setupExchanges(sum, ['tpl-2']), 0);
  for (let k = 0; k < 10; k++) recordAgentSetup(sum, `tpl-x${k}+tools-00000000000000bb`);
  assert.equal(sum.agentSetups.size, AGENT_SETUPS_PER_ACCOUNT);
  recordAgentSetup(sum, setup);
  assert.equal(sum.agentSetups.get(setup), 5, 'a setup already kept keeps counting');
});

test('summaries start on one shared empty map and each gets its own at its first entry', () => {
  const a = newAccountSummary(0, 'a', 0);
  const b = newAccountSummary(1, 'b', 0);
  recordExchange(a, 0, 'm', syntheticSignals({ cot: 0.9 }), 't1', 'sys-1', 1);
  recordAgentSetup(a, 'tools-1');
  assert.deepEqual([...a.templateHarvest], [['t1', 1]]);
  assert.deepEqual([...a.systemTemplates], [['sys-1', 1]]);
  assert.deepEqual([...a.agentSetups], [['tools-1', 1]]);
  for (const map of [b.templateHarvest, b.systemTemplates, b.agentSetups, b.releaseHours]) assert.equal(map.size, 0);
  recordExchange(b, 0, 'm', syntheticSignals({ cot: 0.9 }), 't2', 'sys-2', 2);
  assert.deepEqual([...b.templateHarvest], [['t2', 1]]);
  assert.deepEqual([...a.templateHarvest], [['t1', 1]]);
});

test('an agentic sweep (agent work across coding agents, computer use, vision and data analysis) harvests without reasoning asks; one kind of agent work does not', () => {
  const run = (caps: ('agentic' | 'coding' | 'computer_use' | 'vision' | 'data_analysis' | 'chat')[], n: number) => {
    const s = newAccountSummary(0, 'a', 0);
    for (let i = 0; i < n; i++) recordExchange(s, i * 60_000, 'm', syntheticSignals({ capability: caps[i % caps.length]! }), `t${i}`, null, i);
    return s;
  };
  const sweep = run(['agentic', 'agentic', 'computer_use', 'vision'], 40);
  assert.equal(sweep.harvest, 0);
  assert.equal(sweepsAgentTasks(sweep), true);
  assert.equal(harvestsRegularly(sweep), true);
  assert.equal(sweepsAgentTasks(run(['agentic', 'computer_use', 'vision'], 12)), false, 'too few exchanges to tell');
  assert.equal(sweepsAgentTasks(run(['coding', 'agentic'], 100)), false, 'a coding agent is one family');
  assert.equal(sweepsAgentTasks(run(['coding', 'data_analysis', 'chat'], 100)), false, 'two families beside chat');
  assert.equal(harvestsRegularly(run(['chat'], 100)), false);
});

test('busy hours are the hours an account works in, not every hour it ever touched', () => {
  const summary = (perHour: (hour: number) => number) => {
    const s = newAccountSummary(0, 'a', 0);
    for (let h = 0; h < 24; h++) s.hours[h] = perHour(h);
    s.exchanges = s.hours.reduce((a, b) => a + b, 0);
    return s;
  };
  // Weeks of a person: 14 waking hours, and a few stray exchanges in each night hour.
  const person = summary((h) => (h >= 8 && h < 22 ? 200 : 3));
  assert.equal(activeHours(person), 24);
  assert.equal(busyHours(person), 14);
  // A job working 16-hour shifts counts every hour of its shift.
  assert.equal(busyHours(summary((h) => (h < 16 ? 50 : 0))), 16);
  // Below 96 exchanges every hour with traffic counts.
  assert.equal(busyHours(summary((h) => (h < 20 ? 3 : 1))), 24);
});
