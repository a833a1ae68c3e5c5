/**
 * CPU time of one thread of this process (what `process.cpuUsage` cannot give: it adds up every thread): of the
 * main thread, which runs the scan's engine, or of the calling thread, e.g. the scan's signal worker reporting its
 * own. Linux only (/proc); null elsewhere.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_S = 100;

/** User plus system CPU seconds of a /proc `stat` line (fields 14 and 15, counted after the command's parenthesis). */
export function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('statCpuSeconds: not a /proc stat line');
  return (utime + stime) / TICKS_PER_S;
}

function cpuSecondsOf(statFile: string): number | null {
  try {
    return statCpuSeconds(readFileSync(statFile, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU seconds the main thread has used so far (from any thread), or null where /proc is not available. */
export function mainThreadCpuSeconds(): number | null {
  return cpuSecondsOf(`/proc/self/task/${process.pid}/stat`);
}

/** CPU seconds the calling thread (main or worker) has used so far, or null where /proc is not available. */
export function threadCpuSeconds(): number | null {
  return cpuSecondsOf('/proc/thread-self/stat');
}
