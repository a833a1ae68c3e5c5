/**
 * Where the gateway's CPU goes per request: starts the mock upstream and the gateway with online detection on (as
 * bench/gateway/run.ts does) under `node --cpu-prof`, loads it with autocannon for one mode, stops it and prints the
 * profile's heaviest functions by self time (main thread only; worker threads write profiles of their own), as a
 * share of the profile and in microseconds per request.
 *
 *   npx tsx bench/gateway/profile.ts [--mode json|stream] [--duration 5] [--connections 50] [--out DIR] [--top 40]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { summarizeProfile, type CpuProfile } from './profile-summary.js';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'json' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string' },
    top: { type: 'string', default: '40' },
    plain: { type: 'boolean', default: false },
  },
});
const stream = args.mode === 'stream';
const outDir = args.out ?? mkdtempSync(join(tmpdir(), 'hw-gwprof-'));

function start(script: string, nodeArgs: string[], ...argv: string[]): Promise<{ child: ChildProcess; fields: string[] }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(import.meta.dirname, script), ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, fields: line.split(' ') }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const upstream = await start('mock-upstream.ts', []);
const gwArgs = [upstream.fields[0]!, ...(args.plain ? [] : ['--online'])];
const gateway = await start('gateway-proc.ts', ['--cpu-prof', '--cpu-prof-dir', outDir], ...gwArgs);
const body = JSON.stringify({
  model: 'bench',
  stream,
  max_tokens: 256,
  messages: [
    { role: 'system', content: 'You are a helpful assistant that answers briefly and precisely.' },
    { role: 'user', content: 'Explain in two sentences why the sky is blue, and mention Rayleigh scattering.' },
  ],
});
const load = {
  url: `${gateway.fields[0]}/v1/chat/completions`,
  method: 'POST',
  connections: Number(args.connections),
  duration: Number(args.duration),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.fields[1]}` },
  body,
};
const result = await new Promise<{ requests: { total: number; average: number } }>((resolve, reject) =>
  autocannon(load, (err, r) => (err ? reject(err) : resolve(r))),
);
const exited = new Promise((resolve) => gateway.child.once('exit', resolve));
gateway.child.kill('SIGTERM');
await exited;
upstream.child.kill('SIGTERM');
// CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile: thread 0 is the main thread (the event loop).
const newest = readdirSync(outDir)
  .filter((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0')
  .map((f) => join(outDir, f))
  .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
  .pop();
if (!newest) throw new Error(`no profile written to ${outDir}`);
const profile = JSON.parse(readFileSync(newest, 'utf8')) as CpuProfile;
console.log(`${args.mode}: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s; profile ${newest}`);
// The load ends just before the stop: keep its seconds, not the start-up's module loading.
console.log(summarizeProfile(profile, result.requests.total, Number(args.top), Number(args.duration) * 1e6 + 300_000));
