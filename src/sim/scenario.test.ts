import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ARCHETYPES, BENIGN_SEGMENTS, loadScenario, parseScenario, scaleScenario, SCENARIO_DIR } from './scenario.js';

test('every shipped scenario validates; smoke and standard cover every segment and archetype', () => {
  const names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
  for (const a of ARCHETYPES) assert.ok(names.includes(a), `scenario for archetype ${a}`);
  for (const n of ['smoke', 'standard', 'report-scale']) assert.ok(names.includes(n));
  for (const n of names) loadScenario(n);
  for (const n of ['smoke', 'standard', 'report-scale']) {
    const s = loadScenario(n);
    // Archetypes added after these scenarios' figures were recorded live in companions, so the recorded figures
    // keep their meaning: smoke-coding (gated in CI beside smoke) and the randomised worlds.
    const campaigns = n === 'smoke' ? [...s.campaigns, ...loadScenario('smoke-coding').campaigns] : s.campaigns;
    for (const seg of BENIGN_SEGMENTS) assert.ok((s.populations[seg]?.accounts ?? 0) > 0, `${n} has ${seg}`);
    for (const a of ARCHETYPES) assert.ok(campaigns.some((c) => c.archetype === a) || (n !== 'smoke' && a === 'agentic-coding'), `${n} has ${a}`);
    assert.ok(s.releases.some((r) => r.day > 0 && r.day < s.days), `${n} has a release inside the period`);
  }
});

test('errors name the field; unknown fields and archetypes are refused', () => {
  assert.throws(() => parseScenario('name: x\nstart: "2026-01-01T00:00:00Z"\ndays: -1\n', 'f.yaml'), /f\.yaml: days/);
  assert.throws(() => parseScenario('name: x\nstart: "2026-01-01T00:00:00Z"\ndays: 2\ncampaigns:\n  - {id: a, archetype: nope, accounts: 1}\n', 'f.yaml'), /campaigns\.0\.archetype/);
  assert.throws(() => parseScenario('name: x\nstart: "2026-01-01T00:00:00Z"\ndays: 2\nbogus: 1\n', 'f.yaml'), /f\.yaml/);
  assert.throws(() => loadScenario('no-such-scenario'), /unknown scenario/);
});

test('scale multiplies population and campaign sizes, keeping at least one account', () => {
  const s = scaleScenario(loadScenario('smoke'), 0.01);
  assert.equal(s.populations.chat?.accounts, 1);
  const d = scaleScenario(loadScenario('smoke'), 2);
  assert.equal(d.populations.chat?.accounts, 2 * loadScenario('smoke').populations.chat!.accounts);
  assert.equal(d.campaigns[0]!.accounts, 2 * loadScenario('smoke').campaigns[0]!.accounts);
  assert.throws(() => scaleScenario(loadScenario('smoke'), 0));
});
