/**
 * Soak test of the gateway: steady mixed load (both APIs, streaming and not, plus hostile requests) for a bounded
 * time against a gateway in its own process, in front of the demo upstream, all on 127.0.0.1. Reports the gateway's
 * RSS over time (target: flat within 10% after warm-up), its event-loop delay (p50/p99/max per interval and
 * overall), and whether every exchange sent was recorded (requests sent vs rows in the store after a graceful stop).
 *
 * Each sample also says where the memory is (V8 heap, external, Buffers, anonymous vs file-backed pages, native rest),
 * so a moving RSS can be traced to its part. `--malloc-arena-max N` runs the gateway with MALLOC_ARENA_MAX=N (glibc).
 *
 *   node --import tsx bench/soak/run.ts [--minutes 10] [--rate 40] [--accounts 20] [--deep-depth 6000]
 *       [--spaceless-chars 100000] [--seed 1] [--warmup-s S] [--malloc-arena-max N] [--semi-space-mib N] [--out FILE.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startDemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { seededRandom } from '../../src/signals/hash.js';
import { startGatewayProcess } from './gateway-process.js';
import type { MemoryBreakdown } from './memory-breakdown.js';
import { buildRequest, DEFAULT_MIX, kindPicker, KINDS, type Kind, type SoakRequest } from './traffic.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '40' },
    accounts: { type: 'string', default: '20' },
    'deep-depth': { type: 'string', default: '6000' },
    'spaceless-chars': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'warmup-s': { type: 'string' },
    'malloc-arena-max': { type: 'string' },
    'semi-space-mib': { type: 'string' },
    out: { type: 'string' },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
if (!(minutes > 0) || !(rate > 0)) throw new Error('--minutes and --rate must be positive numbers');
const sizes = { deepDepth: Number(args['deep-depth']), spacelessChars: Number(args['spaceless-chars']) };
const durationMs = minutes * 60_000;
/**
 * Samples before this are warm-up (JIT, caches, SQLite pages, detector state, V8 growing its heap to the load): a
 * fifth of the run, at least 30 s, fixed before the run starts (or `--warmup-s`), never chosen from the samples.
 */
const warmupMs = args['warmup-s'] === undefined ? Math.max(30_000, durationMs / 5) : Number(args['warmup-s']) * 1000;
if (!(warmupMs >= 0 && warmupMs < durationMs)) throw new Error('--warmup-s must be >= 0 and shorter than the run');
/** V8's young generation of every thread's heap, fixed (`--semi-space-mib`), instead of growing and shrinking with the load. */
const nodeFlags = args['semi-space-mib'] === undefined ? [] : [`--max-semi-space-size=${args['semi-space-mib']}`, `--min-semi-space-size=${args['semi-space-mib']}`];
const childEnv: Record<string, string> = args['malloc-arena-max'] === undefined ? {} : { MALLOC_ARENA_MAX: args['malloc-arena-max'] };
const SAMPLE_MS = 5_000;
/** Requests in flight at most; past it a tick's requests are counted as skipped rather than queued without bound. */
const MAX_IN_FLIGHT = 256;

interface Sample extends MemoryBreakdown {
  t: number;
  eldP50: number;
  eldP99: number;
  eldMax: number;
  depth: number;
  written: number;
}

const upstream = await startDemoUpstream({ chunkDelayMs: 2 });
const { url, keys, ask } = await startGatewayProcess(upstream.url, Number(args.accounts), [], childEnv, nodeFlags);

const agent = new Agent({ connections: MAX_IN_FLIGHT, keepAliveTimeout: 10_000 });
const random = seededRandom(Number(args.seed));
const nextKind = kindPicker(DEFAULT_MIX, random);
const sent: Record<Kind, number> = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
const statuses = new Map<string, number>();
let inFlight = 0;
let skipped = 0;
let transportErrors = 0;
let hangups = 0;

async function send(r: SoakRequest): Promise<void> {
  inFlight++;
  sent[r.kind]++;
  const abort = new AbortController();
  const timer = r.abortAfterMs === undefined ? null : setTimeout(() => abort.abort(), r.abortAfterMs);
  try {
    const res = await request(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body, dispatcher: agent, signal: abort.signal });
    const label = `${r.kind} ${res.statusCode}`;
    statuses.set(label, (statuses.get(label) ?? 0) + 1);
    for await (const _ of res.body) void _;
  } catch (err) {
    if (abort.signal.aborted) hangups++;
    else transportErrors++;
    void err;
  } finally {
    if (timer) clearTimeout(timer);
    inFlight--;
  }
}

/** Resident memory that neither V8's heap nor its external memory explains: allocator arenas, SQLite, threads' heaps. */
const nativeOf = (s: Omit<Sample, 't'>) => s.rss - s.heapTotal - s.external;

const samples: Sample[] = [];
const started = performance.now();
let due = 0;
const TICK_MS = 10;
// Requests due so far follow the clock, not the ticks: a load generator starved of CPU catches up instead of
// silently sending less than `--rate`.
const load = setInterval(() => {
  const target = Math.floor(((performance.now() - started) * rate) / 1000);
  for (; due < target; due++) {
    if (inFlight >= MAX_IN_FLIGHT) skipped++;
    else void send(buildRequest(nextKind(), keys, sizes, random));
  }
}, TICK_MS);
const sampler = setInterval(() => {
  void ask<Omit<Sample, 't'>>('sample').then((s) => {
    const sample = { t: Math.round(performance.now() - started), ...s };
    samples.push(sample);
    if (samples.length % 6 === 0) {
      const total = KINDS.reduce((n, k) => n + sent[k], 0);
      process.stderr.write(
        `soak ${(sample.t / 60_000).toFixed(1)} min: sent ${total}, rss ${(sample.rss / 2 ** 20).toFixed(0)} MiB ` +
          `(heap ${(sample.heapUsed / 2 ** 20).toFixed(0)}/${(sample.heapTotal / 2 ** 20).toFixed(0)}, external ${(sample.external / 2 ** 20).toFixed(0)}, ` +
          `native ${(nativeOf(sample) / 2 ** 20).toFixed(0)}), ` +
          `loop delay p99 ${sample.eldP99} ms (max ${sample.eldMax}), recorder queue ${sample.depth}\n`,
      );
    }
  });
}, SAMPLE_MS);

await new Promise((r) => setTimeout(r, durationMs));
clearInterval(load);
clearInterval(sampler);
const drainUntil = Date.now() + 30_000;
while (inFlight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
const final = await ask<{ recorded: number; written: number; unwritten: number; closeError: string | null; eldP99: number; eldMax: number }>('stop');
await agent.close();
await upstream.close();

const totalSent = KINDS.reduce((n, k) => n + sent[k], 0);
const steady = samples.filter((s) => s.t >= warmupMs);
const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
const rssValues = steady.map((s) => s.rss);
const rssMin = Math.min(...rssValues);
const rssMax = Math.max(...rssValues);
/** Min, max and spread (% of min) after warm-up of one part of the memory, to see which part moves RSS. */
const part = (value: (s: Sample) => number | null) => {
  const vs = steady.map(value).filter((v): v is number => v !== null);
  if (vs.length === 0) return null;
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  return { min_mib: mib(lo), max_mib: mib(hi), moved_mib: mib(hi - lo), slope_mib_per_min: slope((s) => value(s) ?? 0) };
};
/** Least-squares slope of `value` over the steady samples, in MiB per minute: growth, or a fall after warm-up. */
const slope = (value: (s: Sample) => number) => {
  const xs = steady.map((s) => s.t / 60_000);
  const ys = steady.map((s) => value(s) / 2 ** 20);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : Math.round((num / den) * 100) / 100;
};
const report = {
  duration_min: minutes,
  rate_per_s: rate,
  accounts: keys.length,
  hostile_sizes: sizes,
  mix: DEFAULT_MIX,
  sent: { total: totalSent, by_kind: sent, skipped_at_in_flight_cap: skipped, client_hangups: hangups, transport_errors: transportErrors },
  statuses: Object.fromEntries([...statuses].sort()),
  recorded: final.recorded,
  left_unwritten_at_stop: final.unwritten,
  close_error: final.closeError,
  recorded_vs_sent: totalSent === 0 ? null : Math.round((final.recorded / totalSent) * 10_000) / 10_000,
  rss_mib: {
    warmup_s: warmupMs / 1000,
    after_warmup_min: mib(rssMin),
    after_warmup_max: mib(rssMax),
    spread_pct: Math.round(((rssMax - rssMin) / rssMin) * 1000) / 10,
    first_after_warmup: mib(steady[0]?.rss ?? NaN),
    last: mib(steady.at(-1)?.rss ?? NaN),
    slope_mib_per_min: slope((s) => s.rss),
  },
  // RSS also moves when V8 hands pages back to the system; the live heap says whether the gateway itself grows.
  heap_used_mib: {
    after_warmup_min: mib(Math.min(...steady.map((s) => s.heapUsed))),
    after_warmup_max: mib(Math.max(...steady.map((s) => s.heapUsed))),
    slope_mib_per_min: slope((s) => s.heapUsed),
  },
  // Which part of the memory moves: a part whose `moved_mib` is close to RSS's is the cause of the spread.
  memory_parts_after_warmup: {
    heap_total: part((s) => s.heapTotal),
    heap_used: part((s) => s.heapUsed),
    external: part((s) => s.external),
    array_buffers: part((s) => s.arrayBuffers),
    native_rest: part(nativeOf),
    rss_anon: part((s) => s.rssAnon),
    rss_file: part((s) => s.rssFile),
  },
  malloc_arena_max: args['malloc-arena-max'] ?? null,
  node_flags: nodeFlags,
  event_loop_delay_ms: {
    overall_p99: final.eldP99,
    overall_max: final.eldMax,
    worst_interval_p99: Math.max(...samples.map((s) => s.eldP99)),
    median_interval_p99: [...samples.map((s) => s.eldP99)].sort((a, b) => a - b)[Math.floor(samples.length / 2)],
  },
  samples: samples.map((s) => ({
    t_s: Math.round(s.t / 1000),
    rss_mib: mib(s.rss),
    heap_mib: mib(s.heapUsed),
    heap_total_mib: mib(s.heapTotal),
    external_mib: mib(s.external),
    array_buffers_mib: mib(s.arrayBuffers),
    native_mib: mib(nativeOf(s)),
    rss_anon_mib: s.rssAnon === null ? null : mib(s.rssAnon),
    threads: s.threads,
    eld_p99_ms: s.eldP99,
    eld_max_ms: s.eldMax,
    queue: s.depth,
  })),
};
if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
const { samples: _omit, ...summary } = report;
void _omit;
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
