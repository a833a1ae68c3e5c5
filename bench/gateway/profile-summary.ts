/** Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by source file, per request. */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/node_modules\//, '~/').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');

/** Self time (us) per node id, from the samples taken in the last `windowUs` of the profile (all when null). */
export function selfTimes(p: CpuProfile, windowUs: number | null = null): Map<number, number> {
  const t = new Map<number, number>();
  let end = p.startTime;
  for (const dt of p.timeDeltas) end += dt;
  const from = windowUs === null ? -Infinity : end - windowUs;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    at += dt;
    if (at >= from) t.set(p.samples[i]!, (t.get(p.samples[i]!) ?? 0) + dt);
  }
  return t;
}

/**
 * Lines of the heaviest functions and files by self time, excluding idle time; `windowUs` keeps only the end of the
 * profile (the load, not the start-up).
 */
export function summarizeProfile(p: CpuProfile, requests: number, top: number, windowUs: number | null = null): string {
  const self = selfTimes(p, windowUs);
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    if (us === 0 || n.callFrame.functionName === '(idle)') continue;
    busy += us;
    const file = shortUrl(n.callFrame.url) || n.callFrame.functionName;
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms, ${(busy / Math.max(1, requests)).toFixed(1)} us per request`];
  const table = (title: string, m: Map<string, number>) => {
    lines.push('', title);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / Math.max(1, requests)).toFixed(1).padStart(7)} us/req  ${k}`);
    }
  };
  table('by file (self time)', byFile);
  table('by function (self time)', byFn);
  return lines.join('\n');
}
