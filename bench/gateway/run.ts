/**
 * Gateway overhead benchmark: the same mock upstream reached directly, through a minimal undici pass-through proxy,
 * through the Hydrawatch gateway (auth, validation, SSE relay, recording to SQLite), and through the gateway with
 * online detection on (its worker thread, the observe-only policy: watched, never throttled), each in its own process.
 * autocannon at 50 connections, streaming and not, targets interleaved round by round; then time to first byte at
 * one connection. Prints req/s, p50/p99 latency and the gateway/pass-through ratios.
 *
 *   npx tsx bench/gateway/run.ts [--duration 5] [--rounds 3] [--connections 50] [--ttfb 300] [--warmup 1] [--baseline DIR]
 *
 * `--warmup S` loads every target for S seconds per mode before the rounds (default 1). The gateway has far more
 * code than the pass-through for V8 to optimise: in its first seconds under load its optimising-compiler threads
 * spend more CPU than its event loop (measured per thread from /proc), so a short warm-up charges that start-up
 * to the first round.
 *
 * `--baseline DIR` adds a target `before`: the gateway with detection on as the checkout in DIR builds it (e.g.
 * `git worktree add /tmp/hw-before main`, then `ln -s $PWD/node_modules /tmp/hw-before/`), measured in the same
 * run, so a change to the request path is judged side by side with the code before it.
 *
 * `--rate N` offers every target the same N requests a second (autocannon's overall rate) instead of as many as it
 * can take: the CPU per request of two builds is then compared at the same load, with hand-overs to threads batched
 * alike (at full load a faster build batches differently, which moves its CPU per request too). The req/s column
 * then shows who kept up, not throughput.
 *
 * The gateways' worker threads name themselves (thread-names.ts), so the CPU per request is also printed per thread:
 * the event loop, detection, the record thread (token counts, stream summaries), the exchange writer, and the rest
 * (V8's compiler and GC helpers, libuv).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'undici';
import { statCpuSeconds } from '../../src/threads/thread-cpu.js';
import { readThreadNames } from './thread-names.js';
import { benchRequestBody } from './bench-request.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    ttfb: { type: 'string', default: '300' },
    baseline: { type: 'string' },
    rate: { type: 'string' },
    warmup: { type: 'string', default: '1' },
  },
});
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const ttfbSamples = Number(args.ttfb);
const offeredRate = args.rate === undefined ? null : Number(args.rate);

const children: ChildProcess[] = [];

/** CPU seconds (user + system) a process (or, with `tid`, one of its threads) has used so far, from /proc (Linux). */
function cpuSeconds(pid: number, tid?: number): number {
  try {
    return statCpuSeconds(readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

const threadsDir = mkdtempSync(join(tmpdir(), 'hw-bench-threads-'));

/** Starts a target process; a gateway's worker threads record their names in `threads` (see thread-names.ts). */
async function startProc(script: string, ...argv: string[]): Promise<{ fields: string[]; pid: number; threads: string }> {
  const threads = join(threadsDir, `${children.length}.txt`);
  const child = spawn(process.execPath, ['--import', 'tsx', isAbsolute(script) ? script : join(import.meta.dirname, script), ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HW_THREAD_NAMES: threads },
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { fields: line.split(' '), pid: child.pid!, threads };
}

interface Target {
  name: 'direct' | 'passthrough' | 'gateway' | 'detecting' | 'before';
  url: string;
  headers: Record<string, string>;
  /** The process whose CPU is measured (none for the upstream reached directly). */
  pid?: number;
  /** Where its worker threads wrote their names (none: its threads are not told apart). */
  threads?: string;
}

/** CPU seconds so far of each named worker thread of a target, summed by name (a restarted thread keeps its name). */
function namedThreadSeconds(target: Target): Map<string, number> {
  const out = new Map<string, number>();
  if (!target.pid || !target.threads) return out;
  let names: Map<number, string>;
  try {
    names = readThreadNames(target.threads);
  } catch {
    return out;
  }
  for (const [tid, name] of names) {
    const s = cpuSeconds(target.pid, tid);
    if (!Number.isNaN(s)) out.set(name, (out.get(name) ?? 0) + s);
  }
  return out;
}

const body = benchRequestBody;

interface Sample {
  /** CPU ms the target process (not the upstream) spent per 1000 requests. */
  cpuPerK: number;
  /** The part of it spent by the process's main thread (its event loop: the request path); the rest is its threads'. */
  mainPerK: number;
  /** The part spent by each named worker thread (detection, record, writer). */
  threadsPerK: Map<string, number>;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function cannon(target: Target, stream: boolean, seconds: number): Promise<Sample> {
  const { pid } = target;
  const cpu0 = pid ? cpuSeconds(pid) : Number.NaN;
  const main0 = pid ? cpuSeconds(pid, pid) : Number.NaN;
  const threads0 = namedThreadSeconds(target);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        method: 'POST',
        connections,
        duration: seconds,
        ...(offeredRate === null ? {} : { overallRate: offeredRate }),
        headers: { 'content-type': 'application/json', ...target.headers },
        body: body(stream),
      },
      (err, r) => {
        if (err) return reject(err);
        const perK = (s0: number, s1: number) => ((s1 - s0) * 1e6) / Math.max(1, r.requests.total);
        const cpuPerK = pid ? perK(cpu0, cpuSeconds(pid)) : Number.NaN;
        const mainPerK = pid ? perK(main0, cpuSeconds(pid, pid)) : Number.NaN;
        const threadsPerK = new Map([...namedThreadSeconds(target)].map(([name, s]) => [name, perK(threads0.get(name) ?? 0, s)]));
        resolve({ cpuPerK, mainPerK, threadsPerK, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
      },
    );
  });
}

async function ttfb(target: Target): Promise<number> {
  const u = new URL(target.url);
  const client = clients.get(target.name)!;
  const t0 = performance.now();
  const res = await client.request({
    method: 'POST',
    path: u.pathname,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: body(true),
  });
  let first = 0;
  for await (const _ of res.body) {
    if (first === 0) first = performance.now() - t0;
  }
  return first;
}
const clients = new Map<string, Client>();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (n: number, d = 1) => n.toFixed(d);

try {
  const [upstream] = (await startProc('mock-upstream.ts')).fields;
  const passthrough = await startProc('passthrough-proxy.ts', upstream!);
  const gateway = await startProc('gateway-proc.ts', upstream!);
  const detecting = await startProc('gateway-proc.ts', upstream!, '--online');
  const before = args.baseline ? await startProc(resolve(args.baseline, 'bench/gateway/gateway-proc.ts'), upstream!, '--online') : null;
  const via = (name: Target['name'], proc: { fields: string[]; pid: number; threads: string }, key?: string): Target => ({
    name,
    url: `${proc.fields[0]}/v1/chat/completions`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    pid: proc.pid,
    threads: proc.threads,
  });
  const targets: Target[] = [
    { name: 'direct', url: `${upstream}/chat/completions`, headers: {} },
    via('passthrough', passthrough),
    via('gateway', gateway, gateway.fields[1]),
    via('detecting', detecting, detecting.fields[1]),
    ...(before ? [via('before', before, before.fields[1])] : []),
  ];
  for (const t of targets) clients.set(t.name, new Client(new URL(t.url).origin));

  process.stderr.write(`warming up...\n`);
  for (const t of targets) for (const s of [false, true]) await cannon(t, s, Number(args.warmup));

  const results = new Map<string, Sample[]>();
  for (let r = 0; r < rounds; r++) {
    for (const stream of [false, true]) {
      // Rotate the order each round so no target always runs first or last.
      const order = targets.map((_, i) => targets[(i + r) % targets.length]!);
      for (const t of order) {
        const s = await cannon(t, stream, duration);
        const k = `${t.name}/${stream ? 'stream' : 'json'}`;
        results.set(k, [...(results.get(k) ?? []), s]);
        process.stderr.write(`round ${r + 1} ${k}: ${f(s.rps, 0)} req/s p50 ${s.p50} ms p99 ${s.p99} ms cpu ${f(s.cpuPerK, 0)} ms/1k req (main thread ${f(s.mainPerK, 0)})${s.errors || s.non2xx ? ` errors ${s.errors} non2xx ${s.non2xx}` : ''}\n`);
      }
    }
  }

  const ttfbs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let i = 0; i < 20; i++) for (const t of targets) await ttfb(t);
  for (let i = 0; i < ttfbSamples; i++) for (const t of targets) ttfbs.get(t.name)!.push(await ttfb(t));

  const lines: string[] = [];
  const load = offeredRate === null ? `${connections} connections` : `${connections} connections at ${offeredRate} requests/s`;
  lines.push(`gateway benchmark: ${load}, ${rounds} rounds x ${duration} s per target and mode, interleaved`);
  lines.push('gateway: auth, relay, recording; detecting: the same with online detection on (worker thread, observe-only policy)');
  if (before) lines.push(`before: detecting as built by ${args.baseline}`);
  lines.push('');
  lines.push('mode    target        req/s    p50 ms  p99 ms  vs pass-through  CPU ms per 1k requests: process (main thread)');
  for (const mode of ['json', 'stream']) {
    const pt = mean(results.get(`passthrough/${mode}`)!.map((s) => s.rps));
    for (const t of targets) {
      const ss = results.get(`${t.name}/${mode}`)!;
      const rps = mean(ss.map((s) => s.rps));
      lines.push(
        `${mode.padEnd(7)} ${t.name.padEnd(12)} ${f(rps, 0).padStart(7)}  ${f(mean(ss.map((s) => s.p50))).padStart(6)}  ${f(mean(ss.map((s) => s.p99))).padStart(6)}  ${f(rps / pt, 2).padStart(5)}x          ${t.name === 'direct' ? '-' : `${f(mean(ss.map((s) => s.cpuPerK)), 0)} (${f(mean(ss.map((s) => s.mainPerK)), 0)})`}`,
      );
    }
  }
  lines.push('');
  lines.push('CPU ms per 1k requests by thread (median of rounds): main (the event loop), each named worker thread, other (V8 and libuv helpers)');
  for (const mode of ['json', 'stream']) {
    for (const t of targets) {
      const ss = results.get(`${t.name}/${mode}`)!;
      if (t.name === 'direct') continue;
      const names = [...new Set(ss.flatMap((s) => [...s.threadsPerK.keys()]))].sort();
      const of = (name: string) => pct(ss.map((s) => s.threadsPerK.get(name) ?? 0), 50);
      const named = ss.map((s) => s.mainPerK + [...s.threadsPerK.values()].reduce((a, b) => a + b, 0));
      const other = pct(ss.map((s, i) => s.cpuPerK - named[i]!), 50);
      const parts = [`main ${f(pct(ss.map((s) => s.mainPerK), 50), 0)}`, ...names.map((n) => `${n.replace(/-worker$/, '')} ${f(of(n), 0)}`), `other ${f(other, 0)}`];
      lines.push(`  ${mode.padEnd(7)} ${t.name.padEnd(12)} ${parts.join(', ')}`);
    }
  }
  lines.push('');
  lines.push(`time to first byte, streaming, 1 connection, ${ttfbSamples} requests each (ms):`);
  const d50 = pct(ttfbs.get('direct')!, 50);
  for (const t of targets) {
    const xs = ttfbs.get(t.name)!;
    lines.push(`  ${t.name.padEnd(12)} p50 ${f(pct(xs, 50), 3)}  p99 ${f(pct(xs, 99), 3)}  added vs direct p50 ${f(pct(xs, 50) - d50, 3)}`);
  }
  const rpsOf = (name: string, mode: string) => mean(results.get(`${name}/${mode}`)!.map((s) => s.rps));
  lines.push('');
  if (before && offeredRate === null) {
    const ratio = (mode: string) => f(rpsOf('detecting', mode) / rpsOf('before', mode), 2);
    lines.push(`detecting vs before, side by side: json ${ratio('json')}x, stream ${ratio('stream')}x`);
  } else if (before) {
    // At one offered load the builds are compared by CPU per request; the median of the rounds, as one round of a
    // shared machine's contention can double a target's figure.
    const cpuOf = (name: string, mode: string, part: 'cpuPerK' | 'mainPerK') => pct(results.get(`${name}/${mode}`)!.map((s) => s[part]), 50);
    const ratio = (mode: string, part: 'cpuPerK' | 'mainPerK') => f(cpuOf('detecting', mode, part) / cpuOf('before', mode, part), 2);
    lines.push(
      `detecting vs before, CPU per request at ${offeredRate} requests/s (median of rounds): json ${ratio('json', 'cpuPerK')}x (main thread ${ratio('json', 'mainPerK')}x), stream ${ratio('stream', 'cpuPerK')}x (main thread ${ratio('stream', 'mainPerK')}x)`,
    );
  }
  if (offeredRate !== null) lines.push('throughput targets are not judged at a fixed offered rate (run without --rate)');
  for (const [name, floor] of offeredRate === null ? ([['gateway', 0.7], ['detecting', 0.9]] as const) : []) {
    const json = rpsOf(name, 'json') / rpsOf('passthrough', 'json');
    const stream = rpsOf(name, 'stream') / rpsOf('passthrough', 'stream');
    const added = pct(ttfbs.get(name)!, 50) - d50;
    const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    lines.push(
      `targets, ${name}: throughput >= ${floor.toFixed(2)}x pass-through (json ${f(json, 2)}x ${mark(json >= floor)}, stream ${f(stream, 2)}x ${mark(stream >= floor)}); added TTFB <= 1 ms (${f(added, 3)} ms ${mark(added <= 1)})`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const c of clients.values()) await c.close();
} finally {
  for (const c of children) c.kill('SIGTERM');
}
