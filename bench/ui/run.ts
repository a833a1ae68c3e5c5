/**
 * `npm run bench:ui`: time to first render of the dashboard's campaigns list and of a cluster's account graph in
 * headless chromium, at a small size and at the sizes (10,000 clusters; a 2,000-node graph) side by side in
 * one run, the median of a few page loads each. The dashboard is served from synthetic detection state
 * (synthetic-detection.ts) by the same plugin the gateway mounts.
 *
 *   npm run bench:ui [-- --runs 5]
 */
import Fastify from 'fastify';
import { openDatabase } from '../../src/store/database.js';
import { DecisionStore } from '../../src/store/decisions.js';
import { dashboardApi } from '../../src/gateway/dashboard/dashboard-api.js';
import { loadDashboardAssets } from '../../src/gateway/dashboard/static-assets.js';
import { launchChromium, logIn } from '../../test/dashboard/chromium.js';
import { BIG_CLUSTER, syntheticDetection } from './synthetic-detection.js';

// What the page functions below use of the browser's DOM (they run in chromium; this file is type-checked for Node).
declare const document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): unknown };

const TOKEN = 'bench-ui-token';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

async function serve(clusters: number, graphNodes: number) {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  await app.register(dashboardApi, {
    assets: loadDashboardAssets(),
    detection: syntheticDetection(clusters, graphNodes),
    store: { listReleases: async () => [], getAccount: async () => null, upsertAccount: async () => false, async *exchanges() {} },
    decisions: new DecisionStore(openDatabase(':memory:')),
    token: TOKEN,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/ui/` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(clusters: number, graphNodes: number) {
  const { app, url } = await serve(clusters, graphNodes);
  const browser = await launchChromium();
  try {
    const page = await logIn(browser.context, url, TOKEN);
    const list: number[] = [];
    const graph: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh page load each time; performance.now() counts from its navigation start.
      await page.goto('about:blank');
      await page.goto(`${url}#/campaigns`);
      list.push((await page.waitForFunction(() => document.querySelectorAll('table.clusters tbody tr').length > 0 && performance.now(), null, { polling: 'raf' })).jsonValue() as unknown as number);
      await page.goto('about:blank');
      await page.goto(`${url}#/clusters/${BIG_CLUSTER}`);
      graph.push((await page.waitForFunction(() => document.querySelector('[data-rendered]') !== null && performance.now(), null, { polling: 'raf', timeout: 120_000 })).jsonValue() as unknown as number);
    }
    return { list: median(await Promise.all(list)), graph: median(await Promise.all(graph)) };
  } finally {
    await browser.close();
    await app.close();
  }
}

const small = await measure(100, 50);
process.stderr.write(`small done: ${JSON.stringify(small)}\n`);
const large = await measure(10_000, 2_000);
const ms = (x: number) => `${Math.round(x)} ms`;
process.stdout.write(
  [
    `dashboard time to first render, headless chromium, median of ${RUNS} page loads`,
    `campaigns list:  100 clusters ${ms(small.list)}   10,000 clusters ${ms(large.list)}   ratio ${(large.list / small.list).toFixed(2)}`,
    `account graph:   50 nodes ${ms(small.graph)}   2,000 nodes (~10,000 links) ${ms(large.graph)}   ratio ${(large.graph / small.graph).toFixed(2)}`,
    '',
  ].join('\n'),
);
