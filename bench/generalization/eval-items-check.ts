/**
 * `node --import tsx bench/generalization/eval-items-check.ts DIR --eval-items F [--ablate payment|none]`: what
 * registering benchmark items changes on a simulator output. Scans DIR twice (payment removed by default, as the
 * generalization run does), without and with the items, and prints per benign segment and per campaign: accounts,
 * flagged, and accounts whose reasons say evaluation-like. The hole to watch: campaigns that send the same public
 * benchmark questions (a reasoning harvest on GSM8K) must keep their recall.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEvalItems } from '../../src/detect/eval-items-file.js';
import type { ScanReport } from '../../src/detect/report.js';
import { scanLog } from '../../src/detect/scan.js';
import { readJsonlRecords } from '../../src/ingest/jsonl-file.js';
import { ablateInputs, parseAblation } from '../../src/sim/eval/ablate.js';
import { labelSchema, simDirFiles } from '../../src/sim/eval/evaluate.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'eval-items': { type: 'string' }, ablate: { type: 'string', default: 'payment' } },
});
const dir = positionals[0];
if (!dir || !values['eval-items']) throw new Error('usage: eval-items-check.ts DIR --eval-items F [--ablate KIND|none]');
const files = simDirFiles(dir);
const registry = readEvalItems([values['eval-items']], (b) => process.stderr.write(`${b.file} line ${b.line}: ${b.error}\n`));
const labels = await readJsonlRecords(files.labels, labelSchema, (b) => {
  throw new Error(`labels line ${b.line}: ${b.error}`);
});
const groupOf = new Map(labels.map((l) => [l.account, l.campaign ?? `benign:${l.segment}`]));
const work = mkdtempSync(join(tmpdir(), 'hw-eval-items-check-'));

type Row = { accounts: number; flagged: number; evaluation: number };
function tally(report: ScanReport): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const a of report.accounts) {
    const g = groupOf.get(a.id) ?? '?';
    const r = rows.get(g) ?? { accounts: 0, flagged: 0, evaluation: 0 };
    r.accounts++;
    if (a.verdict === 'distillation') r.flagged++;
    if (a.reasons.some((x) => x.signal === 'evaluation_behaviour')) r.evaluation++;
    rows.set(g, r);
  }
  return rows;
}

try {
  const inputs = values.ablate === 'none' ? { exchanges: files.exchanges, accounts: files.accounts } : await ablateInputs(files, parseAblation(values.ablate), work);
  const scan = (withItems: boolean) =>
    scanLog({ log: inputs.exchanges, accounts: inputs.accounts, releases: files.releases, evalItems: withItems ? registry : undefined });
  process.stderr.write(`scanning ${dir} without registered items\n`);
  const before = tally(await scan(false));
  process.stderr.write(`scanning ${dir} with ${registry.size} registered items (${registry.setNames().join(', ')})\n`);
  const after = tally(await scan(true));
  process.stdout.write(`group\taccounts\tflagged without\tflagged with\tevaluation-like without\tevaluation-like with\n`);
  for (const g of [...after.keys()].sort()) {
    const b = before.get(g)!;
    const a = after.get(g)!;
    process.stdout.write(`${g}\t${a.accounts}\t${b.flagged}\t${a.flagged}\t${b.evaluation}\t${a.evaluation}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
