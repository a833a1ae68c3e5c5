/**
 * `/healthz` while the worst inputs of issue 11 are in flight: a few 4 MB exchanges at all times, plus 6,000-level
 * deep JSON, 200,000-character prompts without spaces, unknown keys, clients that hang up mid-stream and ordinary
 * streams. The gateway runs in its own process and `/healthz` is asked from another (bench/healthz/prober.ts), once
 * per `--gap-ms`, one at a time. Two gateways are measured side by side in one run: exchanges written by the store's
 * writer thread (today) and written on the event loop (`inline`, as before). Target: p99 under 50 ms with the writer
 * thread.
 *
 *   node --import tsx bench/healthz/run.ts [--seconds 40] [--huge 4] [--huge-mib 4] [--rate 20] [--gap-ms 20]
 *       [--detection] [--out FILE.json]
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { Agent, request } from 'undici';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { seededRandom } from '../../src/signals/hash.js';
import { startGatewayProcess } from '../soak/gateway-process.js';
import { buildRequest, kindPicker, type Kind } from '../soak/traffic.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    huge: { type: 'string', default: '4' },
    'huge-mib': { type: 'string', default: '4' },
    rate: { type: 'string', default: '20' },
    'gap-ms': { type: 'string', default: '20' },
    detection: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const hugeInFlight = Number(args.huge);
const hugeChars = Number(args['huge-mib']) * 1024 * 1024;
const rate = Number(args.rate);
if (!(seconds > 0) || !(hugeInFlight >= 0) || !(hugeChars > 0) || !(rate >= 0)) throw new Error('--seconds, --huge, --huge-mib and --rate must be numbers >= 0');
const TARGET_P99_MS = 50;

/** The hostile mix around the 4 MB exchanges (weights; kinds as in the soak). */
const HOSTILE_MIX: Record<Kind, number> = {
  openai: 20,
  openai_stream: 20,
  anthropic: 0,
  anthropic_stream: 10,
  bad_key: 10,
  hangup: 15,
  deep_json: 10,
  spaceless: 10,
  malformed: 5,
};
const SIZES = { deepDepth: 6000, spacelessChars: 200_000 };

interface ProbeResult {
  count: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
}

interface ModeResult {
  writes: 'writer thread' | 'event loop (inline)';
  healthz: ProbeResult;
  gateway_loop_delay_ms: { p99: number; max: number };
  huge_sent: number;
  other_sent: number;
  recorded: number;
}

const upstream = await startDemoUpstream({ chunkDelayMs: 2 });
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit ';
const hugePrompt = words.repeat(Math.ceil(hugeChars / words.length)).slice(0, hugeChars);

async function measure(inline: boolean): Promise<ModeResult> {
  const flags = [...(inline ? ['inline'] : []), ...(args.detection ? [] : ['no-detection'])];
  const gw = await startGatewayProcess(upstream.url, 10, flags);
  const prober = fork(join(import.meta.dirname, 'prober.ts'), [gw.url, args['gap-ms']!], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const agent = new Agent({ connections: 256 });
  const random = seededRandom(1);
  const nextKind = kindPicker(HOSTILE_MIX, random);
  let running = true;
  let hugeSent = 0;
  let otherSent = 0;
  const send = async (path: string, headers: Record<string, string>, body: string, abortAfterMs?: number) => {
    const signal = abortAfterMs === undefined ? undefined : AbortSignal.timeout(abortAfterMs);
    try {
      const res = await request(`${gw.url}${path}`, { method: 'POST', headers, body, dispatcher: agent, signal });
      for await (const _ of res.body) void _;
    } catch {
      // hang-ups (aborted on purpose) and refusals are part of the mix
    }
  };
  const hugeLoop = async (i: number) => {
    const headers = { authorization: `Bearer ${gw.keys[i % gw.keys.length]}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: `${i} ${hugePrompt}` }] });
    while (running) {
      hugeSent++;
      await send('/v1/chat/completions', headers, body);
    }
  };
  const others: Promise<void>[] = [];
  const t0 = performance.now();
  const ticker = setInterval(() => {
    // Requests due follow the clock, so a load generator starved of CPU still sends `--rate` a second.
    for (const due = Math.floor(((performance.now() - t0) * rate) / 1000); otherSent < due; ) {
      const r = buildRequest(nextKind(), gw.keys, SIZES, random);
      otherSent++;
      others.push(send(r.path, r.headers, r.body, r.abortAfterMs));
    }
  }, 100);
  await gw.ask('sample'); // resets the gateway's interval histogram: the delay below covers the load only
  const loops = Array.from({ length: hugeInFlight }, (_, i) => hugeLoop(i));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(ticker);
  const healthz = await new Promise<ProbeResult>((resolve) => {
    prober.once('message', (m: ProbeResult) => resolve(m));
    prober.send({ type: 'stop' });
  });
  const loop = await gw.ask<{ eldP99: number; eldMax: number }>('sample');
  running = false;
  await Promise.all([...loops, ...others]);
  await agent.close();
  const stop = await gw.ask<{ recorded: number }>('stop');
  return {
    writes: inline ? 'event loop (inline)' : 'writer thread',
    healthz,
    gateway_loop_delay_ms: { p99: loop.eldP99, max: loop.eldMax },
    huge_sent: hugeSent,
    other_sent: otherSent,
    recorded: stop.recorded,
  };
}

const results: ModeResult[] = [];
for (const inline of [false, true]) {
  process.stderr.write(`healthz bench: exchanges written ${inline ? 'on the event loop' : 'by the writer thread'}, ${seconds} s...\n`);
  results.push(await measure(inline));
}
await upstream.close();

const [thread, onLoop] = results as [ModeResult, ModeResult];
const table = new Table({ style: { head: [], border: [] }, head: ['exchange writes', '/healthz asked', 'p50 ms', 'p99 ms', 'max ms', 'loop delay p99 ms', '4 MB sent', 'others sent', 'recorded'] });
for (const r of results) {
  table.push([r.writes, r.healthz.count, r.healthz.p50, r.healthz.p99, r.healthz.max, r.gateway_loop_delay_ms.p99, r.huge_sent, r.other_sent, r.recorded]);
}
const ratio = Math.round((onLoop.healthz.p99 / thread.healthz.p99) * 10) / 10;
const verdict = thread.healthz.p99 < TARGET_P99_MS ? 'met' : 'NOT met';
process.stdout.write(`${table.toString()}\n`);
process.stdout.write(`/healthz p99: ${ratio}x lower with the writer thread; target p99 < ${TARGET_P99_MS} ms ${verdict} (${thread.healthz.p99} ms)\n`);
if (args.out) writeFileSync(args.out, `${JSON.stringify({ seconds, huge_in_flight: hugeInFlight, huge_chars: hugeChars, rate_per_s: rate, detection: args.detection, results, p99_ratio: ratio }, null, 2)}\n`);
