/**
 * Starts the long offline commands (`scan`, `eval`) in a child process with glibc's allocator set for them, because
 * these settings can only be given before a process starts. With glibc's defaults a scan's memory outside the V8
 * heaps grows with holes: every thread gets an arena of its own, and once a large typed array (the cluster layer's
 * pair links and key members grow by doubling) is freed, glibc raises its mmap threshold to that size, so the next
 * ones of up to 32 MiB come from the main heap, which cannot give back what lies below its top. A fixed threshold
 * keeps every block of 128 KiB or more in its own mapping, returned when freed, and two arenas serve all threads.
 * On report-scale-4d --scale 0.25 the peak RSS went from 660 to 578 MB with the same report (docs/clusters.md,
 * "Memory at the report-scale population"). The child also gets the V8 settings of BATCH_V8_FLAGS, or the
 * user's (`HYDRAWATCH_BATCH_V8_FLAGS`). Plain JavaScript: it runs before tsx's loader is registered, so the waiting
 * parent stays small.
 */
import { spawn } from 'node:child_process';

/** Commands that read a whole log in one process and stop (not servers: they keep their own process). */
export const BATCH_COMMANDS = new Set(['scan', 'eval']);

/** glibc malloc settings (mallopt(3), read from the environment at start-up). */
export const BATCH_ALLOCATOR_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/**
 * The environment to start `argv` again with, or null to run it in this process: not on Linux, not a batch
 * command, or an allocator setting already given (by the user, or by the launch that started this process).
 */
export function batchLaunchEnv(argv, env, platform) {
  if (platform !== 'linux') return null;
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (command === undefined || !BATCH_COMMANDS.has(command)) return null;
  if (Object.keys(BATCH_ALLOCATOR_ENV).some((name) => env[name] !== undefined)) return null;
  return { ...env, ...BATCH_ALLOCATOR_ENV };
}

/**
 * V8 settings for the child, each unless the user gave that flag (on the command line or in NODE_OPTIONS).
 * `--no-parallel-scavenge`: each thread empties its young generation alone. A scan keeps two threads busy (the engine
 * and the signal worker); a parallel young collection hands parts of its work to V8's helper threads and waits for
 * them, and on a machine with few cores those helpers queue behind the two busy threads. At `report-scale-45d --scale
 * 0.1` the helpers took a fifth of the scan's CPU; without parallel scavenges the scan ran at 0.30-0.34x the raw read
 * rate against 0.28-0.29x, with 10% less CPU (on `standard`, a tenth of that log, no difference measurable;
 * docs/clusters.md, "Young collections without helpers"). Until 7 Dec the scan ran with `--optimize-for-size` and
 * semi-spaces of 4 MiB, whose scavenges cost the whole 45-day scenario 7,160 CPU-s against 4,213; it compacts in short
 * bursts when its old space has grown holes (src/threads/heap-compaction.ts). `HYDRAWATCH_BATCH_V8_FLAGS` gives the
 * child settings of the user's choice instead (empty for V8's own defaults; `--optimize-for-size` for the least memory
 * at a higher CPU cost).
 */
export const BATCH_V8_FLAGS = ['--no-parallel-scavenge'];

/**
 * The flags of `defaults` (or of `env.HYDRAWATCH_BATCH_V8_FLAGS` when set: space-separated, empty for V8's own
 * defaults) that neither `execArgv` nor `env.NODE_OPTIONS` gives a value of its own.
 */
export function batchV8Flags(execArgv, env, defaults = BATCH_V8_FLAGS) {
  const chosen = env.HYDRAWATCH_BATCH_V8_FLAGS;
  const flags = chosen === undefined ? defaults : chosen.split(/\s+/).filter((f) => f !== '');
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].map(flagName);
  return flags.filter((flag) => !given.includes(flagName(flag)));
}

/** `--max-semi-space-size=4` -> `--max-semi-space-size`; V8 reads `_` and `-` alike, and `--no-x` sets `x`. */
function flagName(arg) {
  return arg.split('=')[0].replaceAll('_', '-').replace(/^--no-/, '--');
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this process's command line again in a child with `env`, Node given `v8Flags` first, and the same standard
 * streams; signals sent to this process go to the child. Resolves with the child's exit code; a child killed by a
 * signal kills this process with the same signal.
 */
export function relaunch(env, v8Flags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...v8Flags, ...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      if (signal !== null) process.kill(process.pid, signal);
      else resolve(code ?? 1);
    });
  });
}
