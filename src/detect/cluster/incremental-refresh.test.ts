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

type Reuse = HydraClusterer['reuse'];

/**
 * The scan report with the cluster layer following changes, and with whole passes at each refresh (every pair's
 * weights, Louvain on every component, every cluster scored), with what each kept from one refresh to the next.
 */
function bothReports(exchanges: Exchange[], accountList: Account[], releases: Release[]): [unknown, unknown, Reuse, Reuse] {
  const accounts = new Map(accountList.map((a) => [a.id, a]));
  const runs = [false, true].map((fullPasses) => {
    const clusterer = new HydraClusterer({ accounts, releases, fullPasses });
    const engine = new DetectionEngine({ accounts, releases, clusterer });
    for (const ex of exchanges) engine.observe(ex);
    const { generated_at: _, ...report } = engine.report();
    return { report, reuse: clusterer.reuse };
  });
  const [incremental, full] = runs;
  if (incremental === undefined || full === undefined) throw new Error('two runs');
  return [incremental.report, full.report, incremental.reuse, full.reuse];
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
    const [incremental, full, kept, whole] = bothReports(exchanges, accounts, releases);
    const flagged = (incremental as { clusters: { verdict: string }[] }).clusters.filter((c) => c.verdict === 'distillation');
    assert.ok(flagged.length > 0, 'the scenario forms flagged clusters');
    assert.deepEqual(incremental, full);
    // Both ways were taken: components and cluster scores kept from one refresh to the next, and recomputed.
    assert.ok(kept.components.kept > 0 && kept.components.partitioned > 0, `components: ${JSON.stringify(kept.components)}`);
    assert.ok(kept.scores.kept > 0 && kept.scores.scored > 0, `scores: ${JSON.stringify(kept.scores)}`);
    assert.equal(whole.components.kept, 0);
    assert.equal(whole.scores.kept, 0);
    assert.ok(kept.components.partitioned < whole.components.partitioned);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
