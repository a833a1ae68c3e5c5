/**
 * The command run from the build (dist/) as a user runs it after `npm ci`: no tsx loader in any process (the loader's
 * hooks run on a thread of their own per registering thread), and every worker thread started from compiled modules.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsCurrent } from './dist-state.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'hydrawatch.js');

/**
 * Preloaded in every process and worker thread: logs each start, each module.register (how a loader such as tsx's
 * installs its hooks) and each Worker started, with its script.
 */
const PROBE = `
import module from 'node:module';
import threads from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
const log = (event) => appendFileSync(process.env.HYDRAWATCH_PROBE_LOG, JSON.stringify({ pid: process.pid, main: threads.isMainThread, ...event }) + '\\n');
const register = module.register;
module.register = function (...args) { log({ register: String(args[0]) }); return register.apply(this, args); };
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  constructor(script, options) { log({ worker: String(script), eval: options?.eval === true }); super(script, options); }
};
module.syncBuiltinESMExports();
log({ start: process.argv.slice(2, 3) });
`;

interface ProbeEvent {
  pid: number;
  main: boolean;
  start?: string[];
  register?: string;
  worker?: string;
  eval?: boolean;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const built = distIsCurrent(ROOT, {});
// CI installs with `npm ci`, whose `prepare` builds: there the build must be present and current.
const skip = built || process.env.CI === 'true' ? false : 'dist/ is missing or older than src/ (npm run build)';

test('demo, simulate and scan run from dist/ without tsx, and their worker threads start from dist/', { skip, timeout: 60_000 }, async () => {
  assert.equal(built, true, 'npm run build has not built dist/ from the current sources');
  const dir = mkdtempSync(join(tmpdir(), 'from-dist-'));
  try {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
    const probeLog = join(dir, 'probe.jsonl');
    const env = {
      ...process.env,
      HYDRAWATCH_FROM_SOURCES: undefined,
      HYDRAWATCH_PROBE_LOG: probeLog,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(probe).href}`,
    };
    const sim = join(dir, 'sim');
    const demo = run(['demo', '--port', '0', '--data', join(dir, 'demo'), '--replay-seconds', '1', '--duration', '1', '--quiet'], env);
    const simulated = await run(['simulate', 'smoke', '--out', sim], env);
    assert.equal(simulated.code, 0, simulated.stderr);
    const log = join(dir, 'head.jsonl');
    writeFileSync(log, readFileSync(join(sim, 'exchanges.jsonl'), 'utf8').split('\n').slice(0, 1000).join('\n'));
    const scanned = await run(['scan', log, '--accounts', join(sim, 'accounts.jsonl'), '--out', join(dir, 'report.json'), '--quiet'], env);
    assert.equal(scanned.code, 0, scanned.stderr);
    assert.equal((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { input: { exchanges: number } }).input.exchanges, 1000);
    const demoed = await demo;
    assert.equal(demoed.code, 0, demoed.stderr);

    const events = readFileSync(probeLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ProbeEvent);
    assert.deepEqual(events.filter((e) => e.register !== undefined), [], 'a module loader was registered');
    const workers = events.filter((e) => e.worker !== undefined);
    assert.ok(workers.length >= 3, `the demo's gateway starts its worker threads (${workers.length})`);
    const distUrl = pathToFileURL(join(ROOT, 'dist')).href;
    for (const w of workers) {
      assert.equal(w.eval, false, w.worker);
      assert.ok(w.worker?.startsWith(distUrl) && w.worker.endsWith('.js'), w.worker);
    }
    // Each worker thread ran the preload: it started.
    assert.equal(events.filter((e) => e.start !== undefined && !e.main).length, workers.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
