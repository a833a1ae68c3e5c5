/**
 * Cluster mode's throughput and decision lag, on the real engines (PostgreSQL, Redis, NATS JetStream), with the
 * gateways and the worker as separate processes (the `npm run test:cluster` harness): requests per second through
 * one and through two `hydrawatch serve` gateways in front of the demo upstream, and the time from a harvesting
 * account's request to the worker's block decision on it. Bounded: a few thousand requests.
 *
 *   node --import tsx bench/cluster-mode/run.ts [REQUESTS] [CONCURRENCY]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, BLOCK_FLAGGED_POLICY, ClusterHarness, within } from '../../test/cluster/harness.js';

const REQUESTS = Number(process.argv[2] ?? 1500);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const ACCOUNTS = 50;


const chat = (i: number) => ['hi there', 'what should I cook tonight?', `any tips for a ${i % 50}-minute run?`, 'thanks!'][i % 4]!;

async function load(urls: string[], keys: string[]): Promise<{ perSecond: number; ok: number }> {
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        if ((await ask(urls[i % urls.length]!, keys[i % keys.length]!, chat(i))) === 200) ok++;
      }
    }),
  );
  return { perSecond: REQUESTS / ((performance.now() - t0) / 1000), ok };
}

const root = mkdtempSync(join(tmpdir(), 'hw-cluster-bench-'));
const h = new ClusterHarness(root);
try {
  await h.start(BLOCK_FLAGGED_POLICY);
  const keys = await Promise.all(Array.from({ length: ACCOUNTS }, async (_, i) => (await h.store.createKey(`acct_b${i}`)).secret));
  const gw1 = await h.gateway('gw1');
  await h.worker('w1');
  await within(10_000, async () => (await h.workerStatus('w1'))?.leader === true);
  await load([gw1.url!], keys.slice(0, 5)); // warm-up
  const one = await load([gw1.url!], keys);
  const gw2 = await h.gateway('gw2');
  await load([gw2.url!], keys.slice(0, 5));
  const two = await load([gw1.url!, gw2.url!], keys);
  const answered = Date.now();
  const drained = await within(60_000, async () => {
    const s = await h.workerStatus('w1');
    return s !== null && s.rebuilt + s.consumed === (await h.streamMessages());
  });
  console.log(`1 gateway:  ${one.perSecond.toFixed(0)} requests/s (${one.ok}/${REQUESTS} answered 200)`);
  console.log(`2 gateways: ${two.perSecond.toFixed(0)} requests/s (${two.ok}/${REQUESTS} answered 200)`);
  console.log(`worker caught up with the stream ${drained === null ? 'not within 60 s' : `${Date.now() - answered} ms`} after the last answer`);

  // Request to decision: a harvesting account through both gateways until the worker blocks it.
  const secret = (await h.store.createKey('acct_harvest')).secret;
  const prompt = (i: number) =>
    `Solve this and show your full step-by-step reasoning, explaining every intermediate step in detail before the final answer: what is ${1000 + i} multiplied by ${37 + (i % 11)}?`;
  const decision = async () => (await h.decisions.list({ target: { kind: 'account', id: 'acct_harvest' } })).find((d) => d.action === 'block');
  for (let i = 0; i < 400 && !(await decision()); i += 4) {
    await Promise.all([0, 1, 2, 3].map((j) => ask(j % 2 ? gw2.url! : gw1.url!, secret, prompt(i + j))));
  }
  await within(30_000, async () => Boolean(await decision()));
  const d = await decision();
  if (!d) console.log('request to decision: the worker did not block the harvesting account');
  else {
    const { rows } = await h.store.pool.query<{ ts: number; n: number }>(
      "SELECT MAX(ts_ms) AS ts, COUNT(*) AS n FROM exchanges WHERE account = 'acct_harvest' AND ts_ms <= $1",
      [d.createdAt],
    );
    console.log(
      `request to decision: the block was recorded ${d.createdAt - rows[0]!.ts} ms after the latest of the account's ` +
        `${rows[0]!.n} requests before it (record, stream, detect, decide; a lower bound if an earlier request flagged it)`,
    );
  }
} finally {
  await h.stop();
  rmSync(root, { recursive: true, force: true });
}
