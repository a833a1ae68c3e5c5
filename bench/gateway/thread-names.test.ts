import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { nameWorkerThreads, readThreadNames, workerModuleName } from './thread-names.js';

test('a worker is named after the module it runs, for file and eval workers', () => {
  assert.equal(workerModuleName(new URL('file:///x/src/store/exchange-writer-worker.ts')), 'exchange-writer-worker');
  const boot = `import("file:///x/node_modules/tsx/dist/esm/api/index.mjs").then((m) => { m.register(); return import("file:///x/src/gateway/enforcement/detection-thread-worker.ts"); })`;
  assert.equal(workerModuleName(boot), 'detection-thread-worker');
  assert.equal(workerModuleName('postMessage(1)'), 'worker');
});

test('each worker started after nameWorkerThreads records its own thread id and name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-thread-names-'));
  const file = join(dir, 'threads.txt');
  const script = join(dir, 'probe-worker.mjs');
  writeFileSync(script, `import { parentPort } from 'node:worker_threads'; import { readlinkSync } from 'node:fs'; parentPort.postMessage(readlinkSync('/proc/thread-self'));`);
  nameWorkerThreads(file);
  // The binding imported above follows the replaced export.
  const worker = new Worker(script);
  const self = await new Promise<string>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  const tid = Number(self.split('/').pop());
  assert.equal(tid !== process.pid, true);
  assert.deepEqual([...readThreadNames(file)], [[tid, 'probe-worker']]);
});
