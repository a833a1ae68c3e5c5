/**
 * Asks the gateway's `/healthz` again and again, one request at a time with `--gap-ms` between answers, from its own
 * process (so the load generator's event loop does not count). Started by bench/healthz/run.ts with the gateway URL
 * and the gap; on IPC `{type: 'stop'}` it answers `{type: 'stop', count, failures, p50, p99, max}` (milliseconds).
 */
import { createHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

const [url, gapArg] = process.argv.slice(2);
if (!url || !process.send) throw new Error('usage: started by bench/healthz/run.ts with an IPC channel');
const gapMs = Number(gapArg ?? 20);
const agent = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
const micros = createHistogram();
let failures = 0;
let running = true;

process.on('message', (m: { type: string }) => {
  if (m.type === 'stop') running = false;
});

while (running) {
  const t0 = performance.now();
  try {
    const res = await request(`${url}/healthz`, { dispatcher: agent });
    await res.body.text();
    if (res.statusCode === 200) micros.record(Math.max(1, Math.round((performance.now() - t0) * 1000)));
    else failures++;
  } catch {
    failures++;
  }
  await sleep(gapMs);
}
const ms = (us: number) => Math.round(us / 10) / 100;
process.send({ type: 'stop', count: micros.count, failures, p50: ms(micros.percentile(50)), p99: ms(micros.percentile(99)), max: ms(micros.max) }, () => {
  void agent.close().then(() => process.exit(0));
});
