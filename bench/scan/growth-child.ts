/** One measured scan (spawned by growth.ts so each has its own peak RSS): prints a JSON line. */
import { scanLogWithEngine } from '../../src/detect/scan.js';

const [dir = '', clusters = 'clusters'] = process.argv.slice(2);
const t0 = performance.now();
const { report, engine } = await scanLogWithEngine({
  log: `${dir}/exchanges.jsonl`,
  accounts: `${dir}/accounts.jsonl`,
  releases: `${dir}/releases.jsonl`,
  clusters: clusters === 'clusters',
});
process.stdout.write(
  `${JSON.stringify({
    exchanges: report.input.exchanges,
    accounts: report.input.accounts,
    seconds: (performance.now() - t0) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cluster: engine.clusterSize,
  })}\n`,
);
