/**
 * The common start of the cluster diagnostics (glue-kinds, partition-glue, address-corroboration): scans a simulator
 * output directory with clusters, reads its labels, and hands over the clusterer's final state with its link graph
 * frozen. Reads labels, so it stays in bench/.
 */
import { join } from 'node:path';
import { scanLogWithEngine } from '../../src/detect/scan.js';
import type { ClustererState } from '../../src/detect/cluster/index.js';
import type { ScanReport } from '../../src/detect/report.js';
import { readLabels } from '../scan/labels.js';

export interface LabelledScan {
  report: ScanReport;
  state: ClustererState;
  /** An account's ground-truth group: its campaign, `b:<segment>` for a benign account, `?` when unlabelled. */
  groupOf: (account: string) => string;
}

/** Exits with `usage` when DIR is missing. */
export async function labelledScan(dir: string | undefined, usage: string): Promise<LabelledScan> {
  if (!dir) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  const { report, engine } = await scanLogWithEngine({
    log: join(dir, 'exchanges.jsonl'),
    accounts: join(dir, 'accounts.jsonl'),
    releases: join(dir, 'releases.jsonl'),
    clusters: true,
  });
  const labels = await readLabels(join(dir, 'labels.jsonl'));
  const groupOf = (account: string): string => {
    const l = labels.get(account);
    return l === undefined ? '?' : (l.campaign ?? `b:${l.segment}`);
  };
  // The clusterer's state is private to the detector; the diagnostics read it as the refresh does.
  const state = (engine as unknown as { clusterer: { state: ClustererState } }).clusterer.state;
  state.links.freeze();
  return { report, state, groupOf };
}
