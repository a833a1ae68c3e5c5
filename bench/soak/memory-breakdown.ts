/**
 * Where a process's resident memory is, for the soak's samples: V8's heap (used and reserved), memory outside the
 * heap that V8 knows of (`external`, of which `arrayBuffers`: Buffers), and what the kernel reports (anonymous vs
 * file-backed pages, threads). Anonymous memory that none of V8's figures explain is native: SQLite's page caches,
 * the allocator's arenas (one per thread with glibc), worker threads' own heaps.
 */
import { readFileSync } from 'node:fs';

export interface MemoryBreakdown {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Anonymous resident memory (malloc, V8 heaps of every thread); null where /proc is absent. */
  rssAnon: number | null;
  /** File-backed resident memory (code, mapped files). */
  rssFile: number | null;
  threads: number | null;
}

/** Parses the `RssAnon`, `RssFile` and `Threads` lines of /proc/PID/status (kB). */
export function parseProcStatus(text: string): Pick<MemoryBreakdown, 'rssAnon' | 'rssFile' | 'threads'> {
  const field = (name: string): number | null => {
    const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const kib = (v: number | null) => (v === null ? null : v * 1024);
  return { rssAnon: kib(field('RssAnon')), rssFile: kib(field('RssFile')), threads: field('Threads') };
}

export function memoryBreakdown(): MemoryBreakdown {
  const mem = process.memoryUsage();
  let proc: Pick<MemoryBreakdown, 'rssAnon' | 'rssFile' | 'threads'> = { rssAnon: null, rssFile: null, threads: null };
  try {
    proc = parseProcStatus(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    // not Linux: the V8 figures alone
  }
  return { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers, ...proc };
}
