import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { BATCH_ALLOCATOR_ENV, BATCH_V8_FLAGS, batchLaunchEnv, batchV8Flags } from './batch-launch.js';

const argv = (...args: string[]): string[] => ['/usr/bin/node', '/x/bin/hydrawatch.js', ...args];

test('scan and eval start again with the allocator settings on Linux; other commands and platforms do not', () => {
  const env = { PATH: '/bin' };
  assert.deepEqual(batchLaunchEnv(argv('scan', 'log.jsonl', '--out', 'r.json'), env, 'linux'), { PATH: '/bin', ...BATCH_ALLOCATOR_ENV });
  assert.deepEqual(batchLaunchEnv(argv('eval', 'DIR'), env, 'linux'), { PATH: '/bin', ...BATCH_ALLOCATOR_ENV });
  assert.equal(batchLaunchEnv(argv('serve', '--config', 'scan'), env, 'linux'), null);
  assert.equal(batchLaunchEnv(argv('--version'), env, 'linux'), null);
  assert.equal(batchLaunchEnv(argv(), env, 'linux'), null);
  assert.equal(batchLaunchEnv(argv('scan', 'log.jsonl'), env, 'darwin'), null);
});

test("a process started with an allocator setting (the user's, or the launch's own) runs in place", () => {
  assert.equal(batchLaunchEnv(argv('scan', 'log.jsonl'), { MALLOC_ARENA_MAX: '4' }, 'linux'), null);
  assert.equal(batchLaunchEnv(argv('scan', 'log.jsonl'), { ...BATCH_ALLOCATOR_ENV }, 'linux'), null);
});

test('the child gets the V8 settings the user did not give, on the command line or in NODE_OPTIONS, in any spelling', () => {
  assert.deepEqual(batchV8Flags([], {}), BATCH_V8_FLAGS);
  assert.deepEqual(BATCH_V8_FLAGS, ['--no-parallel-scavenge']);
  assert.deepEqual(batchV8Flags(['--parallel-scavenge'], {}), []);
  assert.deepEqual(batchV8Flags([], { NODE_OPTIONS: '--no_parallel_scavenge' }), []);
  const ours = ['--optimize-for-size', '--max-semi-space-size=4'];
  assert.deepEqual(batchV8Flags(['--max_semi_space_size=16'], { NODE_OPTIONS: '' }, ours), ['--optimize-for-size']);
  assert.deepEqual(batchV8Flags([], { NODE_OPTIONS: '--no-optimize-for-size  --max-old-space-size=4000' }, ours), ['--max-semi-space-size=4']);
  assert.deepEqual(batchV8Flags(['--optimize-for-size'], { NODE_OPTIONS: '--max-semi-space-size=8' }, ours), []);
});

test('HYDRAWATCH_BATCH_V8_FLAGS replaces the V8 settings; empty, it leaves V8 its defaults', () => {
  assert.deepEqual(batchV8Flags([], { HYDRAWATCH_BATCH_V8_FLAGS: '' }), []);
  assert.deepEqual(batchV8Flags([], { HYDRAWATCH_BATCH_V8_FLAGS: ' --max-semi-space-size=8 ' }), ['--max-semi-space-size=8']);
  assert.deepEqual(batchV8Flags(['--max-semi-space-size=2'], { HYDRAWATCH_BATCH_V8_FLAGS: '--max-semi-space-size=8 --stack-size=2000' }), ['--stack-size=2000']);
});

/** Runs a script that relaunches itself once with LAUNCHED=1 (and `v8Flags`); the child does `childCode`. */
function runRelaunching(childCode: string, v8Flags: string[] = []): ReturnType<typeof spawnSync> {
  const dir = mkdtempSync(join(tmpdir(), 'batch-launch-'));
  try {
    const script = join(dir, 'script.mjs');
    const module = pathToFileURL(join(import.meta.dirname, 'batch-launch.js')).href;
    writeFileSync(
      script,
      `import { relaunch } from ${JSON.stringify(module)};\n` +
        `if (process.env.LAUNCHED !== '1') process.exitCode = await relaunch({ ...process.env, LAUNCHED: '1' }, ${JSON.stringify(v8Flags)});\n` +
        `else { ${childCode} }\n`,
    );
    return spawnSync(process.execPath, [script, 'a b', '--flag'], { encoding: 'utf8', env: { ...process.env, LAUNCHED: '0' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('relaunch runs the same command line with the new environment and leaves with its exit code', () => {
  const run = runRelaunching(`console.log(JSON.stringify([process.env.LAUNCHED, ...process.argv.slice(2)])); process.exitCode = 3;`);
  assert.equal(run.status, 3);
  assert.deepEqual(JSON.parse(String(run.stdout)), ['1', 'a b', '--flag']);
});

test('a child killed by a signal takes the launching process with the same signal', () => {
  const run = runRelaunching(`process.kill(process.pid, 'SIGTERM');`);
  assert.equal(run.signal, 'SIGTERM');
});

test("the child starts with the V8 settings before the parent's own Node options", () => {
  const run = runRelaunching(`console.log(JSON.stringify(process.execArgv));`, ['--max-semi-space-size=4']);
  assert.equal(run.status, 0, String(run.stderr));
  assert.equal(JSON.parse(String(run.stdout))[0], '--max-semi-space-size=4');
});
