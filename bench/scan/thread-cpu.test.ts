import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { mainThreadCpuSeconds, statCpuSeconds } from './thread-cpu.js';

test('reads user and system ticks from a stat line, whatever the command name holds', () => {
  const line = '4242 (node (x) y) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 5000 1000 100';
  assert.equal(statCpuSeconds(line), 2.8);
  assert.throws(() => statCpuSeconds('garbage'));
});

test("counts the main thread's work and not a worker's", { skip: process.platform !== 'linux' }, async () => {
  const before = mainThreadCpuSeconds()!;
  const total = process.cpuUsage();
  const busy = "const end = Date.now() + 600; while (Date.now() < end);";
  await new Promise((resolve, reject) => new Worker(busy, { eval: true }).on('exit', resolve).on('error', reject));
  const waiting = mainThreadCpuSeconds()! - before;
  const used = process.cpuUsage(total);
  const all = (used.user + used.system) / 1e6;
  // A loaded machine gives the worker less than its 600 ms; what it got is counted in `all` but not in `waiting`.
  assert.ok(all >= 0.15, 'the worker did burn CPU');
  assert.ok(waiting < all / 2, `main thread used ${waiting} s of ${all} s while waiting`);
  const start = mainThreadCpuSeconds()!;
  const end = Date.now() + 400;
  while (Date.now() < end);
  assert.ok(mainThreadCpuSeconds()! - start >= 0.1);
});
