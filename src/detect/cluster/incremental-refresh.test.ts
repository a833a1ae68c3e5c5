import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountSchema, releaseSchema, type Account, type Release } from '../../exchange/account.js';
import { exchangeSchema, type Exchange } from '../../exchange/exchange.js';
import { loadScenario } from '../../sim/scenario.js';
import { simulate } from '../../sim/simulate.js';
import { DetectionEngine } from '../engine.js';
import { fixtureLog } from '../testing/fixture-log.js';
import { HydraClusterer } from './index.js';

/** The scan report with the cluster layer following changes, and with whole passes over every pair at each refresh. */
function bothReports(exchanges: Exchange[], accountList: Account[], releases: Release[]): [unknown, unknown] {
  const accounts = new Map(accountList.map((a) => [a.id, a]));
  const reports = [false, true].map((fullPasses) => {
    const engine = new DetectionEngine({ accounts, releases, clusterer: new HydraClusterer({ accounts, releases, fullPasses }) });
    for (const ex of exchanges) engine.observe(ex);
    const { generated_at: _, ...report } = engine.report();
    return report;
  });
  return [reports[0], reports[1]];
}

const jsonl = <T>(file: string, parse: (v: unknown) => T): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parse(JSON.parse(line)));

test('the refresh that follows changes reports what whole passes report, on the fixture log', () => {
  const log = fixtureLog(3, 6);
  const [incremental, full] = bothReports(log.exchanges, log.accounts, []);
  assert.deepEqual(incremental, full);
});

test('the refresh that follows changes reports what whole passes report, on a simulated scenario with campaigns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-incremental-'));
  try {
    const summary = simulate(loadScenario('smoke'), { out: dir });
    const exchanges = jsonl(summary.files.exchanges, (v) => exchangeSchema.parse(v));
    const accounts = jsonl(summary.files.accounts, (v) => accountSchema.parse(v));
    const releases = jsonl(summary.files.releases, (v) => releaseSchema.parse(v));
    const [incremental, full] = bothReports(exchanges, accounts, releases);
    const flagged = (incremental as { clusters: { verdict: string }[] }).clusters.filter((c) => c.verdict === 'distillation');
    assert.ok(flagged.length > 0, 'the scenario forms flagged clusters');
    assert.deepEqual(incremental, full);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
