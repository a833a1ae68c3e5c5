/**
 * Two builds of the gateway side by side: this checkout's and the one in DIR, each in its own process in front of
 * the same mock upstream, loaded one after the other round by round (the order swapped every round), so a change is
 * judged by the ratio of two measurements taken seconds apart rather than by figures from a shared machine whose
 * load moves by 2x between minutes. Prints each round and the median of the paired ratios (this build / DIR's) of
 * throughput, CPU per request of the process and of its main thread (the event loop).
 *
 *   npx tsx bench/gateway/side-by-side.ts DIR [--build DIR2] [--online] [--rate N] [--rounds 8] [--duration 3] [--connections 50]
 *     [--node-options=...]
 *
 * `--online`: both gateways with online detection on (as run.ts's `detecting`); `--rate N`: a fixed offered load.
 * DIR is a checkout of another commit with node_modules (`git archive C | tar -x -C DIR`, then link node_modules);
 * `--build DIR2` measures DIR2's build in place of this checkout's; `--node-options=...` starts this build's gateway with
 * those Node options (e.g. `--build DIR` with `--node-options=--max-semi-space-size=32`: one build, two settings). Run it once with the two swapped (or with two
 * copies of one commit): the two processes of one run need not cost the same for the same code (an A/A run here
 * gave 1.05x), so a difference of a few per cent counts only when it survives the swap.
 *
 * The gateways' worker threads name themselves (thread-names.ts), so each mode also prints both builds' median CPU
 * per request by thread (main, detection, record, writer, other: V8's and libuv's helpers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { statCpuSeconds } from '../../src/threads/thread-cpu.js';
import { benchRequestBody } from './bench-request.js';
import { readThreadNames } from './thread-names.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    online: { type: 'boolean', default: false },
    rate: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    build: { type: 'string' },
    'node-options': { type: 'string' },
  },
});
if (positionals.length !== 1) throw new Error('usage: side-by-side.ts DIR [--online] [--rate N] [--rounds 8] [--duration 3]');
const baseline = resolve(positionals[0]!);
const build = args.build === undefined ? join(import.meta.dirname, '../..') : resolve(args.build);

interface Proc {
  child: ChildProcess;
  fields: string[];
  /** Where its worker threads wrote their ids and names. */
  threads: string;
}

const threadsDir = mkdtempSync(join(tmpdir(), 'hw-side-threads-'));
let started = 0;

async function start(script: string, argv: string[], nodeOptions: string[] = []): Promise<Proc> {
  const threads = join(threadsDir, `${started++}.txt`);
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script, ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HW_THREAD_NAMES: threads },
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
  return { child, fields: line.split(' '), threads };
}

const threadSeconds = (pid: number, tid: number): number => {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
  } catch {
    return 0; // ended since (a restarted worker)
  }
};

/** CPU seconds so far: the process, its main thread, and each thread by name (main, named workers, other). */
function cpuSeconds(p: Proc): { process: number; main: number; byThread: Map<string, number> } {
  const pid = p.child.pid!;
  const total = statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const main = threadSeconds(pid, pid);
  const byThread = new Map([['main', main]]);
  let named = main;
  let names: Map<number, string> = new Map();
  try {
    names = readThreadNames(p.threads);
  } catch {
    // no worker started yet
  }
  for (const [tid, name] of names) {
    const s = readdirSync(`/proc/${pid}/task`).includes(String(tid)) ? threadSeconds(pid, tid) : 0;
    byThread.set(name, (byThread.get(name) ?? 0) + s);
    named += s;
  }
  byThread.set('other', total - named);
  return { process: total, main, byThread };
}

const body = benchRequestBody;

interface Sample {
  rps: number;
  /** CPU ms per 1,000 requests: the whole process, and its main thread. */
  cpuPerK: number;
  mainPerK: number;
  /** CPU ms per 1,000 requests by thread name. */
  threadsPerK: Map<string, number>;
}

function load(gateway: Proc, stream: boolean, seconds: number): Promise<Sample> {
  const before = cpuSeconds(gateway);
  return new Promise((ok, fail) => {
    autocannon(
      {
        url: `${gateway.fields[0]}/v1/chat/completions`,
        method: 'POST',
        connections: Number(args.connections),
        duration: seconds,
        ...(args.rate === undefined ? {} : { overallRate: Number(args.rate) }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.fields[1]}` },
        body: body(stream),
      },
      (err, r) => {
        if (err) return fail(err);
        const after = cpuSeconds(gateway);
        const perK = (s: number) => (s * 1e6) / Math.max(1, r.requests.total);
        const threadsPerK = new Map([...after.byThread].map(([name, s]) => [name, perK(s - (before.byThread.get(name) ?? 0))]));
        ok({ rps: r.requests.average, cpuPerK: perK(after.process - before.process), mainPerK: perK(after.main - before.main), threadsPerK });
      },
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const procs: Proc[] = [];
try {
  const upstream = await start(join(import.meta.dirname, 'mock-upstream.ts'), []);
  procs.push(upstream);
  const online = args.online ? ['--online'] : [];
  const builds = {
    this: await start(join(build, 'bench/gateway/gateway-proc.ts'), [upstream.fields[0]!, ...online], args['node-options']?.split(' ').filter(Boolean)),
    baseline: await start(join(baseline, 'bench/gateway/gateway-proc.ts'), [upstream.fields[0]!, ...online]),
  };
  procs.push(builds.this, builds.baseline);
  for (const stream of [false, true]) for (const g of [builds.this, builds.baseline]) await load(g, stream, 3);

  const lines: string[] = [`side by side: ${build} ('this') against ${baseline}${args.online ? ', online detection on' : ''}`];
  for (const stream of [false, true]) {
    const ratios = { rps: [] as number[], cpu: [] as number[], main: [] as number[] };
    const rows: string[] = [];
    const samples = { this: [] as Sample[], baseline: [] as Sample[] };
    for (let r = 0; r < Number(args.rounds); r++) {
      const order = r % 2 === 0 ? (['this', 'baseline'] as const) : (['baseline', 'this'] as const);
      const got: Partial<Record<'this' | 'baseline', Sample>> = {};
      for (const name of order) got[name] = await load(builds[name], stream, Number(args.duration));
      const a = got.this!;
      const b = got.baseline!;
      samples.this.push(a);
      samples.baseline.push(b);
      ratios.rps.push(a.rps / b.rps);
      ratios.cpu.push(a.cpuPerK / b.cpuPerK);
      ratios.main.push(a.mainPerK / b.mainPerK);
      const show = (s: Sample) => `${Math.round(s.rps)} req/s, ${s.cpuPerK.toFixed(0)} (${s.mainPerK.toFixed(0)})`;
      rows.push(`  round ${r + 1}: this ${show(a)} | baseline ${show(b)}`);
    }
    const mode = stream ? 'stream' : 'json';
    lines.push(
      `${mode}: this / baseline, median of ${args.rounds} paired rounds: req/s ${median(ratios.rps).toFixed(2)}x, CPU per request ${median(ratios.cpu).toFixed(2)}x (main thread ${median(ratios.main).toFixed(2)}x); CPU ms per 1k requests: process (main)`,
      ...rows,
    );
    for (const name of ['this', 'baseline'] as const) {
      const threads = [...new Set(samples[name].flatMap((s) => [...s.threadsPerK.keys()]))];
      const of = (t: string) => median(samples[name].map((s) => s.threadsPerK.get(t) ?? 0)).toFixed(0);
      lines.push(`  CPU ms per 1k requests by thread, median, ${name}: ${threads.map((t) => `${t} ${of(t)}`).join(', ')}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const p of procs) p.child.kill('SIGTERM');
}
