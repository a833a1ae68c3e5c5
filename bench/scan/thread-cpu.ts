/**
 * CPU time of this process's main thread alone (not its worker threads, which `process.cpuUsage` adds in): the
 * scan's engine runs there, so this is the cost that bounds its throughput. Linux only (/proc); null elsewhere.
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

/** CPU seconds the main thread has used so far, or null where /proc is not available. */
export function mainThreadCpuSeconds(): number | null {
  try {
    return statCpuSeconds(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}
