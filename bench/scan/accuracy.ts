/**
 * Per-account accuracy on a simulated run: scans DIR (or reads --report) and prints recall of campaign accounts
 * with 20+ exchanges and false-positive rates overall and per benign segment.
 *   node --import tsx bench/scan/accuracy.ts DIR [--no-clusters]
 */
import { join } from 'node:path';
import { scanLog } from '../../src/detect/scan.js';
import { accuracy, readLabels } from './labels.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: accuracy.ts DIR [--no-clusters]\n');
  process.exit(2);
}
const report = await scanLog({
  log: join(dir, 'exchanges.jsonl'),
  accounts: join(dir, 'accounts.jsonl'),
  releases: join(dir, 'releases.jsonl'),
  clusters: !process.argv.includes('--no-clusters'),
});
const acc = accuracy(report, await readLabels(join(dir, 'labels.jsonl')));
process.stdout.write(`${JSON.stringify(acc, null, 2)}\n`);
