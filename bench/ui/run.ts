/**
 * `npm run bench:ui`: time to first render of the dashboard's campaigns list and of a cluster's account graph in
 * headless chromium, at a small size and at the sizes (10,000 clusters; a 2,000-node graph), the median of a
 * few page loads each; at 2,000 nodes also the time until the force layout has settled and the frame times while
 * the graph is hovered, zoomed and panned (interaction.ts). The dashboard is served from synthetic detection state
 * (synthetic-detection.ts) by the same plugin the gateway mounts.
 *
 * With `--baseline-ref REF` the dashboard of another commit (say `main`) is built and measured side by side, page
 * loads interleaved, so the two are compared under the same load.
 *
 *   npm run bench:ui [-- --runs 5] [--baseline-ref main]
 */
import { loadavg } from 'node:os';
import { DEFAULT_DIST } from '../../src/gateway/dashboard/static-assets.js';
import { launchChromium, logIn } from '../../test/dashboard/chromium.js';
import { buildBaseline } from './baseline-build.js';
import { interactionFrames, type FrameTimes } from './interaction.js';
import { serveSynthetic } from './serve-synthetic.js';
import { BIG_CLUSTER } from './synthetic-detection.js';

// What the page functions below use of the browser's DOM (they run in chromium; this file is type-checked for Node).
declare const document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): { dataset: Record<string, string | undefined> } | null };

const TOKEN = 'bench-ui-token';
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 3);
const baselineRef = arg('--baseline-ref');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number of page loads, at least 1');

interface Build {
  name: string;
  dist: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Samples {
  list: number[];
  graph: number[];
  settled: number[];
  frames: FrameTimes[];
}

/** Every build at one size; page loads interleaved build by build, each build in its own browser (own cookies). */
async function measure(builds: Build[], clusters: number, graphNodes: number, interact: boolean) {
  const setups = [];
  for (const b of builds) {
    const server = await serveSynthetic({ token: TOKEN, clusters, graphNodes, dist: b.dist });
    const browser = await launchChromium();
    setups.push({ server, browser, page: await logIn(browser.context, server.url, TOKEN), samples: { list: [], graph: [], settled: [], frames: [] } as Samples });
  }
  try {
    for (let i = 0; i < RUNS; i++)
      for (const { server, page, samples } of setups) {
        // A fresh page load each time; performance.now() counts from its navigation start.
        await page.goto('about:blank');
        await page.goto(`${server.url}#/campaigns`);
        samples.list.push((await (await page.waitForFunction(() => document.querySelectorAll('table.clusters tbody tr').length > 0 && performance.now(), null, { polling: 'raf' })).jsonValue()) as number);
        await page.goto('about:blank');
        await page.goto(`${server.url}#/clusters/${BIG_CLUSTER}`);
        samples.graph.push((await (await page.waitForFunction(() => document.querySelector('[data-rendered]') !== null && performance.now(), null, { polling: 'raf', timeout: 120_000 })).jsonValue()) as number);
        if (!interact) continue;
        // Builds without a layout worker have settled at their first draw.
        const settled = await page.waitForFunction(() => document.querySelector('[data-rendered]')?.dataset.layout !== 'running' && performance.now(), null, { polling: 100, timeout: 120_000 });
        samples.settled.push((await settled.jsonValue()) as number);
        samples.frames.push(await interactionFrames(page, '[data-rendered]'));
      }
  } finally {
    for (const { server, browser } of setups) {
      await browser.close();
      await server.app.close();
    }
  }
  return setups.map((s) => s.samples);
}

const builds: Build[] = [{ name: 'this checkout', dist: DEFAULT_DIST }];
if (baselineRef) builds.push({ name: baselineRef, dist: buildBaseline(baselineRef) });

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const loadBefore = load();
const small = await measure(builds, 100, 50, false);
process.stderr.write('small sizes done\n');
const large = await measure(builds, 10_000, 2_000, true);
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
const lines = [`dashboard in headless chromium (software WebGL), median of ${RUNS} page loads; load average ${loadBefore} before, ${load()} after`];
builds.forEach((b, k) => {
  const [s, l] = [small[k]!, large[k]!];
  const f = l.frames;
  lines.push(
    `${b.name}:`,
    `  campaigns list, first render:  100 clusters ${ms(median(s.list))}   10,000 clusters ${ms(median(l.list))}`,
    `  account graph, first draw:     50 nodes ${ms(median(s.graph))}   2,000 nodes (~10,000 links) ${ms(median(l.graph))}`,
    `  2,000 nodes: layout settled at ${ms(median(l.settled))}; frames while hovering, zooming, panning: median ${ms(median(f.map((x) => x.median)))}, p95 ${ms(median(f.map((x) => x.p95)))}, longest ${ms(median(f.map((x) => x.longest)))}`,
  );
});
if (builds.length === 2) {
  const ratio = (k: 'list' | 'graph', at: Samples[]) => (median(at[1]![k]) / median(at[0]![k])).toFixed(2);
  lines.push(`${baselineRef} / this checkout: 2,000-node graph first draw ${ratio('graph', large)}x, 10,000-cluster list ${ratio('list', large)}x`);
}
process.stdout.write(`${lines.join('\n')}\n`);
