import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../scenario.js';
import { simulate } from '../simulate.js';
import { scanLog } from '../../detect/scan.js';
import { ablationStudy, formatAblationTable } from './ablation-study.js';
import { evaluateDir } from './evaluate.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-ablation-study-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('rows: full, each ablation, and the per-account floor, which matches a scan without the cluster layer', async () => {
  const out = simulate(loadScenario('smoke-coding'), { out: dir });
  const study = await ablationStudy(dir, { variants: [['fingerprints']] });
  assert.deepEqual(study.rows.map((r) => [r.variant, r.clusters]), [['full', true], ['no-fingerprints', true], ['per-account', false]]);
  const floor = await evaluateDir(dir, await scanLog({ log: out.files.exchanges, accounts: out.files.accounts, releases: out.files.releases, clusters: false }));
  assert.equal(study.rows[2]!.recall, floor.recall);
  assert.equal(study.rows[2]!.campaigns['c-coding']!.leakage, floor.campaigns['c-coding']!.leakage);
  const table = formatAblationTable(study);
  assert.match(table, /^evidence\s+recall\s+FPR\s+worst segment\s+leakage\s+c-coding R\/leak/);
  assert.equal(table.trim().split('\n').length, 4);
});
