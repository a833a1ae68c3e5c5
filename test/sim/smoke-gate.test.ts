/**
 * CI regression gate: simulate `smoke` (and its companion `smoke-coding`), scan each with the real detector
 * (scanLog), evaluate, and fail when any metric falls below (or rises above) the thresholds committed in
 * scenarios/<scenario>.thresholds.json.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, SCENARIO_DIR } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { evaluateDir } from '../../src/sim/eval/evaluate.js';
import { checkThresholds, thresholdsSchema } from '../../src/sim/eval/gate.js';
import { scanLog } from '../../src/detect/scan.js';

const root = mkdtempSync(join(tmpdir(), 'hw-gate-'));
after(() => rmSync(root, { recursive: true, force: true }));

for (const file of ['smoke.thresholds.json', 'smoke-coding.thresholds.json']) {
  test(`${file.replace('.thresholds.json', '')} -> scan -> eval meets the committed thresholds`, async () => {
    const thresholds = thresholdsSchema.parse(JSON.parse(readFileSync(join(SCENARIO_DIR, file), 'utf8')));
    const dir = join(root, thresholds.scenario);
    const out = simulate(loadScenario(thresholds.scenario), { out: dir });
    const report = await scanLog({ log: out.files.exchanges, accounts: out.files.accounts, releases: out.files.releases });
    const metrics = await evaluateDir(dir, report);
    const failures = checkThresholds(metrics, thresholds);
    assert.deepEqual(failures, [], `detection regressed on ${thresholds.scenario}:\n${failures.join('\n')}`);
  });
}
