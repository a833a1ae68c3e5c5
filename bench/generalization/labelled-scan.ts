/**
 * A simulator output (or the independent source's) scanned as the generalization run scans it, with the given
 * evidence removed (`none`: nothing), and its labels: what the per-campaign and per-segment diagnostics start from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLog } from '../../src/detect/scan.js';
import type { ScanReport } from '../../src/detect/report.js';
import { readJsonlRecords } from '../../src/ingest/jsonl-file.js';
import { ablateInputs, parseAblation } from '../../src/sim/eval/ablate.js';
import { labelSchema, simDirFiles } from '../../src/sim/eval/evaluate.js';

export async function scanLabelled(dir: string, ablate: string) {
  const files = simDirFiles(dir);
  const work = mkdtempSync(join(tmpdir(), 'hw-labelled-scan-'));
  try {
    const inputs = ablate === 'none' ? { exchanges: files.exchanges, accounts: files.accounts } : await ablateInputs(files, parseAblation(ablate), work);
    const report: ScanReport = await scanLog({ log: inputs.exchanges, accounts: inputs.accounts, releases: files.releases });
    const labels = await readJsonlRecords(files.labels, labelSchema, (b) => {
      throw new Error(`labels line ${b.line}: ${b.error}`);
    });
    return { report, labels };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
