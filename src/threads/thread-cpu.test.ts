import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { mainThreadCpuSeconds, statCpuSeconds, threadCpuSeconds } from './thread-cpu.js';

/** Burns this thread's CPU until `clock` has advanced by `seconds` (CPU time, so a loaded machine only slows it). */
function burn(clock: () => number, seconds: number): void {
  const start = clock();
  const give = Date.now() + 60_000;
  while (clock() - start < seconds) if (Date.now() > give) throw new Error('burn: no CPU time in a minute');
}
const processSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

test('reads user and system ticks from a stat line, whatever the command name holds', () => {
  const line = '4242 (node (x) y) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 5000 1000 100';
  assert.equal(statCpuSeconds(line), 2.8);
  assert.throws(() => statCpuSeconds('garbage'));
});

test("counts the main thread's work and not a worker's", { skip: process.platform !== 'linux' }, async () => {
  const before = mainThreadCpuSeconds()!;
  const total = process.cpuUsage();
  // The worker burns 0.3 s of its own CPU time (read as threadCpuSeconds does), however loaded the machine.
  const busy = `const fs = require('node:fs');
    const cpu = () => { const s = fs.readFileSync('/proc/thread-self/stat', 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (+f[11] + +f[12]) / 100; };
    const start = cpu(); while (cpu() - start < 0.3);`;
  await new Promise((resolve, reject) => new Worker(busy, { eval: true }).on('exit', resolve).on('error', reject));
  const waiting = mainThreadCpuSeconds()! - before;
  const used = process.cpuUsage(total);
  const all = (used.user + used.system) / 1e6;
  // What the worker burnt is counted in `all` but not in `waiting`.
  assert.ok(all >= 0.25, 'the worker did burn CPU');
  assert.ok(waiting < all / 2, `main thread used ${waiting} s of ${all} s while waiting`);
  const start = mainThreadCpuSeconds()!;
  burn(processSeconds, 0.3);
  assert.ok(mainThreadCpuSeconds()! - start >= 0.2);
});

test("a worker reads its own thread's time, not the main thread's", { skip: process.platform !== 'linux' }, async () => {
  const url = new URL('./thread-cpu.ts', import.meta.url).href;
  // The worker burns 0.1 s of its own CPU, then idles until told, while the main thread burns 0.3 s.
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(url)}); }).then((m) => {
    const { parentPort } = require('node:worker_threads');
    const start = m.threadCpuSeconds();
    while (m.threadCpuSeconds() - start < 0.1);
    const idleFrom = m.threadCpuSeconds();
    parentPort.once('message', () => parentPort.postMessage(m.threadCpuSeconds() - idleFrom));
    parentPort.postMessage('idle');
  });`;
  const worker = new Worker(code, { eval: true });
  const next = (): Promise<unknown> => new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  assert.equal(await next(), 'idle');
  burn(threadCpuSeconds as () => number, 0.3);
  const idle = next();
  worker.postMessage('done');
  const seconds = (await idle) as number;
  await worker.terminate();
  assert.ok(seconds <= 0.05, `the main thread's work did not count for the worker (${seconds} s)`);
  const main = mainThreadCpuSeconds()!;
  assert.ok(Math.abs(threadCpuSeconds()! - main) <= 0.02, "on the main thread it is the main thread's time");
});
