/**
 * Many concurrent streams, memory flat (issue 11, "what held"): rounds of `--streams` streaming chat requests held
 * open at once through a gateway in its own process, in front of a demo upstream that paces its chunks. The
 * gateway's RSS and live heap are sampled before the first round, while each round's streams are all open, and after
 * each round ends. Flat means the memory after the last round is where it was after the first (target: within 10%),
 * i.e. nothing is kept per finished stream; the cost of an open stream is the live heap's (during - before) / streams.
 *
 *   node --import tsx bench/streams/run.ts [--streams 1000] [--rounds 4] [--chunk-delay-ms 100] [--detection]
 *       [--out FILE.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import Table from 'cli-table3';
import { Agent, request } from 'undici';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { startGatewayProcess } from '../soak/gateway-process.js';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '4' },
    'chunk-delay-ms': { type: 'string', default: '100' },
    detection: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const streams = Number(args.streams);
const rounds = Number(args.rounds);
if (!(streams > 0) || !(rounds >= 2)) throw new Error('--streams must be positive and --rounds at least 2');
const TARGET_SPREAD_PCT = 10;

interface Memory {
  rss: number;
  heapUsed: number;
}
const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

const upstream = await startDemoUpstream({ chunkDelayMs: Number(args['chunk-delay-ms']) });
const flags = [`connections=${streams + 64}`, ...(args.detection ? [] : ['no-detection'])];
const gw = await startGatewayProcess(upstream.url, 50, flags);
const agent = new Agent({ connections: streams + 64, keepAliveTimeout: 60_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
/** The gateway's memory after a full collection: what it keeps, not garbage it has yet to collect. */
const memory = () => gw.ask<Memory & { type: string }>('memory-after-gc').then(({ rss, heapUsed }) => ({ rss, heapUsed }));

let open = 0;
let settled = 0;
const failures = new Map<string, number>();
const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);
async function stream(i: number): Promise<void> {
  const key = gw.keys[i % gw.keys.length]!;
  try {
    const res = await request(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-1', stream: true, messages: [{ role: 'user', content: `Explain topic ${i} at length, step by step.` }] }),
    });
    if (res.statusCode !== 200) fail(`status ${res.statusCode}`);
    let counted = false;
    for await (const _ of res.body) {
      if (!counted) open++;
      counted = true;
    }
    if (counted) open--;
  } catch (err) {
    fail((err as NodeJS.ErrnoException).code ?? (err as Error).message);
  } finally {
    settled++;
  }
}

/** One round: starts every stream, samples when they are all open (or after 60 s, or once all have ended), and waits for them to end. */
async function round(n: number): Promise<{ peakOpen: number; during: Memory; after: Memory; seconds: number }> {
  const t0 = performance.now();
  const settledBefore = settled;
  // Started 2 ms apart: a thousand connects at once would overflow the listen backlog (511) and wait on SYN retries.
  const started: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    started.push(stream(i));
    if (i % 10 === 9) await sleep(20);
  }
  const all = Promise.all(started);
  const deadline = performance.now() + 60_000;
  let peakOpen = 0;
  while (open < n && settled - settledBefore < n && performance.now() < deadline) {
    peakOpen = Math.max(peakOpen, open);
    await sleep(20);
  }
  peakOpen = Math.max(peakOpen, open);
  const during = await memory();
  await all;
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  await sleep(1000);
  return { peakOpen, during, after: await memory(), seconds };
}

process.stderr.write(`streams bench: warm-up round of ${Math.min(100, streams)} streams...\n`);
await round(Math.min(100, streams));
const before = await memory();
const results = [];
for (let r = 1; r <= rounds; r++) {
  process.stderr.write(`streams bench: round ${r} of ${rounds}, ${streams} streams...\n`);
  results.push(await round(streams));
}
const stop = await gw.ask<{ recorded: number }>('stop');
await agent.close();
await upstream.close();

const first = results[0]!.after;
const last = results.at(-1)!.after;
const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
const table = new Table({ style: { head: [], border: [] }, head: ['round', 'most open at once', 'seconds', 'RSS open MiB', 'heap open MiB', 'RSS after MiB', 'heap after MiB'] });
table.push(['before', '', '', '', '', mib(before.rss), mib(before.heapUsed)]);
results.forEach((r, i) => table.push([i + 1, r.peakOpen, r.seconds, mib(r.during.rss), mib(r.during.heapUsed), mib(r.after.rss), mib(r.after.heapUsed)]));
const rssGrowth = pct(last.rss, first.rss);
const heapGrowth = pct(last.heapUsed, first.heapUsed);
// From the live heap: RSS moves in whole pages V8 keeps or returns, too coarse for a few KiB a stream.
const perStreamKiB = Math.round(((Math.max(...results.map((r) => r.during.heapUsed)) - before.heapUsed) / streams / 1024) * 10) / 10;
const requests = rounds * streams + Math.min(100, streams);
process.stdout.write(`${table.toString()}\n`);
process.stdout.write(
  `after round ${rounds} vs round 1: RSS ${rssGrowth >= 0 ? '+' : ''}${rssGrowth}%, live heap ${heapGrowth >= 0 ? '+' : ''}${heapGrowth}% ` +
    `(target within ${TARGET_SPREAD_PCT}%: ${Math.abs(rssGrowth) <= TARGET_SPREAD_PCT ? 'met' : 'NOT met'}); ` +
    `about ${perStreamKiB} KiB of live heap per open stream; failed: ${JSON.stringify(Object.fromEntries(failures))}; ${stop.recorded} of ${requests} recorded\n`,
);
if (args.out) {
  const rows = results.map((r) => ({ open: r.peakOpen, seconds: r.seconds, during_mib: { rss: mib(r.during.rss), heap: mib(r.during.heapUsed) }, after_mib: { rss: mib(r.after.rss), heap: mib(r.after.heapUsed) } }));
  writeFileSync(args.out, `${JSON.stringify({ streams, rounds, before_mib: { rss: mib(before.rss), heap: mib(before.heapUsed) }, rounds_result: rows, rss_growth_pct: rssGrowth, heap_growth_pct: heapGrowth, per_stream_kib: perStreamKiB, failures: Object.fromEntries(failures), recorded: stop.recorded, requests }, null, 2)}\n`);
}
